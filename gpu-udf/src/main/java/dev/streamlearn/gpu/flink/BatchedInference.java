package dev.streamlearn.gpu.flink;

import dev.streamlearn.gpu.ModelSpec;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Adds micro-batched neural inference to a stream: a {@link BatchingInferenceFunction} in Flink's
 * asynchronous operator, whose capacity is {@code batchSize × maxInFlightBatches} records (beyond
 * that it backpressures), ordered or not as the options say.
 *
 * <pre>{@code
 * DataStream<Scored> scored = BatchedInference.apply(
 *         sensors, "score-sensors",
 *         ModelSpec.of(Path.of("/models/mlp.onnx"), 8, 3),
 *         reading -> reading.values(),                      // IN -> float[8]
 *         (reading, out) -> new Scored(reading.id(), out),  // (IN, float[3]) -> OUT
 *         TypeInformation.of(Scored.class),
 *         BatchOptions.defaults().withBatchSize(128));
 * }</pre>
 */
public final class BatchedInference {
    private BatchedInference() {}

    /**
     * The stream of {@code combiner(record, model output)}, one per input record.
     *
     * @param uid the operator's uid and name (stable across versions: it keys the in-flight records
     *     in savepoints)
     */
    public static <IN, OUT> SingleOutputStreamOperator<OUT> apply(
            DataStream<IN> input,
            String uid,
            ModelSpec spec,
            BatchingInferenceFunction.Features<IN> features,
            BatchingInferenceFunction.Combiner<IN, OUT> combiner,
            TypeInformation<OUT> outType,
            BatchOptions options) {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(outType, "outType");
        BatchingInferenceFunction<IN, OUT> function =
                new BatchingInferenceFunction<>(
                        Objects.requireNonNull(spec, "spec"),
                        Objects.requireNonNull(features, "features"),
                        Objects.requireNonNull(combiner, "combiner"),
                        Objects.requireNonNull(options, "options"));
        long timeout = options.timeout().toMillis();
        SingleOutputStreamOperator<OUT> out =
                options.ordered()
                        ? AsyncDataStream.orderedWait(
                                input, function, timeout, TimeUnit.MILLISECONDS, options.capacity())
                        : AsyncDataStream.unorderedWait(
                                input,
                                function,
                                timeout,
                                TimeUnit.MILLISECONDS,
                                options.capacity());
        return out.returns(outType).uid(uid).name(uid);
    }
}
