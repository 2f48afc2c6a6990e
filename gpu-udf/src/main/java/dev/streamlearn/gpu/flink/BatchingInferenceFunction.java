package dev.streamlearn.gpu.flink;

import dev.streamlearn.gpu.BatchPredictor;
import dev.streamlearn.gpu.BatchingSession;
import dev.streamlearn.gpu.GpuAssignment;
import dev.streamlearn.gpu.ModelSpec;
import java.io.Serializable;
import java.util.Collections;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Runs a neural model on a stream in micro-batches: {@code asyncInvoke} queues each record with its
 * future; one thread per subtask takes the first queued record, then more until {@code batchSize}
 * records or {@code maxWait} after the first (a {@link BatchingSession}), runs them as ONE {@link
 * BatchPredictor#predict} call and completes each record's future with {@code combiner(record,
 * output)}. Use it through {@link BatchedInference#apply}, which sizes the asynchronous operator to
 * the batches (bounded in flight, so backpressure instead of an unbounded queue).
 *
 * <p>A record whose features are not a valid row fails the job with what is wrong, without spoiling
 * its batch (validate rows before, as {@code run score}'s parser does); a failed batch fails its
 * records' futures, which fails the job: after the restart Flink's {@code AsyncWaitOperator} runs
 * the records that were in flight again (inference is idempotent). One predictor per subtask, made
 * in {@link #open} on the GPU the TaskManager offers (external resource {@code gpu}), else as the
 * spec's {@link dev.streamlearn.gpu.DevicePreference} says, and closed in {@link #close}.
 *
 * <p>Native libraries load once per JVM and class loader. On a cluster, put the DJL jars (api,
 * engine, natives) in Flink's {@code lib/} folder rather than in the job jar: a job jar gets a new
 * class loader on each submission, and the natives, already loaded by the first one, then fail with
 * "already loaded in another classloader". A restart of the same job in the same JVM keeps working
 * (tested).
 *
 * <p>Metrics: see {@link InferenceMetrics} ({@code batchSize}, {@code batchLatencyMs}, {@code
 * batches}, {@code inferenceFailures}, {@code queuedRecords}, {@code inFlightBatches}, {@code
 * device}).
 *
 * @param <IN> the input records
 * @param <OUT> the output records
 */
public class BatchingInferenceFunction<IN, OUT> extends RichAsyncFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** The row of model inputs a record gives. */
    @FunctionalInterface
    public interface Features<IN> extends Serializable {
        float[] of(IN record);
    }

    /** The output record made of an input record and the model's output for it. */
    @FunctionalInterface
    public interface Combiner<IN, OUT> extends Serializable {
        OUT combine(IN record, float[] output);
    }

    private final ModelSpec spec;
    private final Features<IN> features;
    private final Combiner<IN, OUT> combiner;
    private final BatchOptions options;

    private transient BatchingSession session;

    public BatchingInferenceFunction(
            ModelSpec spec,
            Features<IN> features,
            Combiner<IN, OUT> combiner,
            BatchOptions options) {
        this.spec = spec;
        this.features = features;
        this.combiner = combiner;
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        RuntimeContext context = getRuntimeContext();
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        GpuAssignment gpu =
                TaskManagerGpus.assignment(
                                context.getExternalResourceInfos(TaskManagerGpus.RESOURCE), subtask)
                        .orElse(GpuAssignment.firstVisible());
        InferenceMetrics metrics =
                InferenceMetrics.register(
                        context.getMetricGroup(), options.batchSize(), () -> session);
        session =
                BatchingSession.open(
                        "inference " + context.getTaskInfo().getTaskNameWithSubtasks(),
                        spec,
                        gpu,
                        options.batchSize(),
                        options.maxWait(),
                        options.capacity(),
                        metrics);
    }

    @Override
    public void asyncInvoke(IN record, ResultFuture<OUT> future) throws Exception {
        float[] row;
        try {
            row = features.of(record);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        session.submit(() -> "the row of record " + brief(record), row)
                .whenComplete((output, failure) -> complete(record, output, failure, future));
    }

    private void complete(IN record, float[] output, Throwable failure, ResultFuture<OUT> future) {
        if (failure != null) {
            future.completeExceptionally(failure);
            return;
        }
        try {
            future.complete(Collections.singleton(combiner.combine(record, output)));
        } catch (RuntimeException e) {
            future.completeExceptionally(
                    new IllegalStateException("the combiner failed on record " + brief(record), e));
        }
    }

    @Override
    public void timeout(IN record, ResultFuture<OUT> future) {
        future.completeExceptionally(
                new TimeoutException(
                        String.format(
                                "no inference result for record %s within %s (the timeout:"
                                        + " BatchOptions.timeout, run score --timeout) on %s;"
                                        + " raise it, or lower the batch size or the batches in"
                                        + " flight",
                                brief(record), options.timeout(), session.describe().device())));
    }

    /**
     * Stops the inference thread (the batch being run finishes), fails what was still queued, frees
     * the model.
     */
    @Override
    public void close() throws Exception {
        if (session != null) {
            session.close();
        }
    }

    private static String brief(Object record) {
        String text = String.valueOf(record);
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
