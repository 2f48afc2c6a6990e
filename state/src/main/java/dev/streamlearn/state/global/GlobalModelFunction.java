package dev.streamlearn.state.global;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * What a global model does with records, hosted by {@link GlobalModelOperator}: it turns a model
 * snapshot from the model stream into a usable model, and applies the model to a batch of records.
 *
 * @param <IN> the records
 * @param <S> the model snapshots (versioned)
 * @param <OUT> one output per record
 * @param <M> the usable model
 */
public interface GlobalModelFunction<IN, S, OUT, M> extends Serializable {

    /**
     * Called once when the operator opens, before the first model is made: to register gauges
     * ({@link RuntimeContext#getMetricGroup()}), or to choose where models run (the TaskManager's
     * external resources, {@link RuntimeContext#getExternalResourceInfos}).
     */
    default void open(RuntimeContext context) {}

    /** The model of version {@link #initialVersion()}, used until a newer snapshot arrives. */
    M initialModel();

    /**
     * The version of {@link #initialModel()}: 0 for an untrained model, or the version of a model
     * the job was started from; snapshots up to it are ignored.
     */
    default long initialVersion() {
        return 0;
    }

    /** A snapshot's version; versions only go up. */
    long version(S snapshot);

    /** The model of a snapshot. */
    M load(S snapshot);

    /** Frees a model that is no longer used (native memory). */
    default void release(M model) {}

    /** The outputs of a batch of records, one per record, in order, by {@code model}. */
    List<OUT> apply(M model, long version, List<IN> batch) throws Exception;
}
