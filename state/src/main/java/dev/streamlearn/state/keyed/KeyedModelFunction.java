package dev.streamlearn.state.keyed;

import java.io.Serializable;
import org.apache.flink.util.OutputTag;

/**
 * What a keyed model does with each record; hosted by {@link KeyedModelOperator}, which keeps the
 * model of each key on the heap and in keyed state.
 *
 * @param <K> the key type
 * @param <IN> the input record type
 * @param <OUT> the main output type
 * @param <M> the model type
 */
public interface KeyedModelFunction<K, IN, OUT, M> extends Serializable {

    /** A fresh model for a key seen for the first time. */
    M createModel(K key);

    /**
     * Processes one record with the model of its key. The model is treated as changed and is
     * written to state at the next checkpoint.
     */
    void processElement(M model, IN value, Context<K, OUT> ctx) throws Exception;

    /** What the function sees of the operator while it processes a record. */
    interface Context<K, OUT> {
        K key();

        /** The record's timestamp, or {@code Long.MIN_VALUE} when it has none. */
        long timestamp();

        void collect(OUT value);

        <X> void output(OutputTag<X> tag, X value);
    }
}
