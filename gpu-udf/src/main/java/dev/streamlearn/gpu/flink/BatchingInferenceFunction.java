package dev.streamlearn.gpu.flink;

import dev.streamlearn.gpu.BatchPredictor;
import dev.streamlearn.gpu.GpuAssignment;
import dev.streamlearn.gpu.InferenceLoop;
import dev.streamlearn.gpu.MicroBatcher;
import dev.streamlearn.gpu.ModelSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a neural model on a stream in micro-batches: {@code asyncInvoke} queues each record with its
 * future; one thread per subtask takes the first queued record, then more until {@code batchSize}
 * records or {@code maxWait} after the first (a {@link MicroBatcher}), runs them as ONE {@link
 * BatchPredictor#predict} call and completes each record's future with {@code combiner(record,
 * output)}. Use it through {@link BatchedInference#apply}, which sizes the asynchronous operator to
 * the batches (bounded in flight, so backpressure instead of an unbounded queue).
 *
 * <p>A record whose features are not a valid row fails alone, with what is wrong; a failed batch
 * fails its records' futures, which fails the job: after the restart Flink's {@code
 * AsyncWaitOperator} runs the records that were in flight again (inference is idempotent). One
 * predictor per subtask, made in {@link #open} on the GPU the TaskManager offers (external resource
 * {@code gpu}), else as the spec's {@link dev.streamlearn.gpu.DevicePreference} says, and closed in
 * {@link #close}.
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
    private static final Logger LOG = LoggerFactory.getLogger(BatchingInferenceFunction.class);

    /** How long {@link #close} waits for the batch being run to finish. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

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

    /** A queued record and where its result goes. */
    private record Pending<IN, OUT>(IN record, float[] row, ResultFuture<OUT> future) {}

    private final ModelSpec spec;
    private final Features<IN> features;
    private final Combiner<IN, OUT> combiner;
    private final BatchOptions options;

    private transient BatchPredictor predictor;
    private transient MicroBatcher<Pending<IN, OUT>> batcher;
    private transient InferenceLoop<Pending<IN, OUT>> loop;
    private transient InferenceMetrics metrics;

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
        predictor = BatchPredictor.open(spec, gpu);
        batcher = new MicroBatcher<>(options.batchSize(), options.maxWait(), options.capacity());
        metrics =
                InferenceMetrics.register(
                        context.getMetricGroup(),
                        predictor.describe().device().toString(),
                        options.batchSize(),
                        batcher::queued,
                        this::running);
        loop =
                InferenceLoop.start(
                        "inference " + context.getTaskInfo().getTaskNameWithSubtasks(),
                        batcher,
                        predictor,
                        Pending::row,
                        new Completion());
    }

    private int running() {
        InferenceLoop<?> started = loop;
        return started == null ? 0 : started.running();
    }

    @Override
    public void asyncInvoke(IN record, ResultFuture<OUT> future) throws Exception {
        float[] row;
        try {
            row = features.of(record);
            spec.requireValidRow("the row of record " + brief(record), row);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        batcher.put(new Pending<>(record, row, future));
    }

    @Override
    public void timeout(IN record, ResultFuture<OUT> future) {
        future.completeExceptionally(
                new TimeoutException(
                        String.format(
                                "no inference result for record %s within %s (BatchOptions"
                                        + " timeout) on %s; raise the timeout, or lower batchSize"
                                        + " or maxInFlightBatches",
                                brief(record), options.timeout(), predictor.describe().device())));
    }

    /**
     * Stops the loop (the batch being run finishes), fails what was still queued, frees the model.
     */
    @Override
    public void close() throws Exception {
        if (loop == null) {
            closePredictor();
            return;
        }
        InferenceLoop.Stopped<Pending<IN, OUT>> stopped = loop.stop(STOP_WAIT);
        IllegalStateException closing =
                new IllegalStateException(
                        "the inference function closed before this record ran (the task is"
                                + " stopping; after a restore the record runs again)");
        for (Pending<IN, OUT> p : stopped.unprocessed()) {
            p.future().completeExceptionally(closing);
        }
        if (stopped.threadEnded()) {
            closePredictor();
        } else {
            // freeing the model under a running forward call would crash the JVM
            LOG.error(
                    "the inference thread is still in a forward call after {}; its model ({}) is"
                            + " left to the JVM rather than freed under it",
                    STOP_WAIT,
                    spec.modelFile());
        }
    }

    private void closePredictor() {
        if (predictor != null) {
            predictor.close();
        }
    }

    private static String brief(Object record) {
        String text = String.valueOf(record);
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    /** Completes each record's future on the inference thread. */
    private final class Completion implements InferenceLoop.Listener<Pending<IN, OUT>> {
        @Override
        public void completed(List<Pending<IN, OUT>> batch, float[][] outputs, long nanos) {
            metrics.batchDone(batch.size(), nanos);
            for (int i = 0; i < batch.size(); i++) {
                Pending<IN, OUT> p = batch.get(i);
                try {
                    p.future()
                            .complete(
                                    Collections.singleton(
                                            combiner.combine(p.record(), outputs[i])));
                } catch (RuntimeException e) {
                    p.future()
                            .completeExceptionally(
                                    new IllegalStateException(
                                            "the combiner failed on record " + brief(p.record()),
                                            e));
                }
            }
        }

        @Override
        public void failed(List<Pending<IN, OUT>> batch, Throwable failure) {
            metrics.batchFailed();
            for (Pending<IN, OUT> p : batch) {
                p.future().completeExceptionally(failure);
            }
        }
    }
}
