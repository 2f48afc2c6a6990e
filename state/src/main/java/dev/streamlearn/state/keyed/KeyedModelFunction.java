package dev.streamlearn.state.keyed;

import java.io.Serializable;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.OutputTag;

/**
 * What a keyed model does with each record and timer; hosted by {@link KeyedModelOperator}, which
 * keeps the model of each key on the heap and in keyed state.
 *
 * @param <K> the key type
 * @param <IN> the input record type
 * @param <OUT> the main output type
 * @param <M> the model type
 */
public interface KeyedModelFunction<K, IN, OUT, M> extends Serializable {

    /**
     * Called once when the operator opens, with its metric group, e.g. to register gauges that read
     * the figures of the last model used.
     */
    default void open(MetricGroup metrics) {}

    /** Called once when the operator closes: frees what {@link #open} made (threads, natives). */
    default void close() throws Exception {}

    /** A fresh model for a key seen for the first time. */
    M createModel(K key);

    /**
     * Processes one record with the model of its key. The model is treated as changed and is
     * written to state at the next checkpoint.
     */
    void processElement(M model, IN value, Context<K, OUT> ctx) throws Exception;

    /**
     * A timer registered through the context fired for the current key (with its model). The model
     * is treated as changed.
     */
    default void onTimer(M model, long timestamp, TimeDomain domain, Context<K, OUT> ctx)
            throws Exception {}

    /**
     * The model of {@code key} left the heap: evicted to state by the cache bound, or dropped by
     * the idle timeout. A function that keeps figures per key forgets the key's here.
     */
    default void onUnloaded(K key) {}

    /** An estimate of a model's heap size, used when the operator bounds its cache by bytes. */
    default long estimatedBytes(M model) {
        return 0;
    }

    /** What the function sees of the operator while it processes a record or a timer. */
    interface Context<K, OUT> {
        K key();

        /** The record's (or the event-time timer's) timestamp, or {@code Long.MIN_VALUE}. */
        long timestamp();

        long currentWatermark();

        long currentProcessingTime();

        void registerEventTimeTimer(long time);

        void registerProcessingTimeTimer(long time);

        void deleteEventTimeTimer(long time);

        void deleteProcessingTimeTimer(long time);

        void collect(OUT value);

        <X> void output(OutputTag<X> tag, X value);
    }
}
