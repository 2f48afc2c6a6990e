package dev.streamlearn.gpu.flink;

import dev.streamlearn.gpu.BatchingSession;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics of a {@link BatchingSession} in Flink (the inference function's, the SQL model
 * provider's), named for what an operator on call looks at: {@code batchSize} and {@code
 * batchLatencyMs} (histograms over the last {@value #WINDOW} batches, so that the web UI shows p50
 * and p99; the latency is the one forward call's), {@code batches} and {@code inferenceFailures}
 * (counters), {@code queuedRecords}, {@code inFlightBatches} (records queued or being inferred, in
 * batches, rounded up: at {@code maxInFlightBatches} the operator backpressures) and {@code device}
 * (gauges).
 */
public final class InferenceMetrics implements BatchingSession.Observer {
    static final int WINDOW = 1000;

    private final Histogram batchSize;
    private final Histogram batchLatencyMs;
    private final Counter batches;
    private final Counter failures;

    private InferenceMetrics(MetricGroup group) {
        batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(WINDOW));
        batchLatencyMs =
                group.histogram("batchLatencyMs", new DescriptiveStatisticsHistogram(WINDOW));
        batches = group.counter("batches");
        failures = group.counter("inferenceFailures");
    }

    /**
     * Registers the metrics of the session that {@code session} gives once it is open (the gauges
     * read 0 and "" before).
     */
    public static InferenceMetrics register(
            MetricGroup group, int batchSize, Supplier<BatchingSession> session) {
        return register(
                group,
                () -> session.get() == null ? "" : session.get().describe().device().toString(),
                batchSize,
                () -> session.get() == null ? 0 : session.get().queued(),
                () -> session.get() == null ? 0 : session.get().running());
    }

    /**
     * Registers the metrics on {@code group}; {@code queued} and {@code running} count the records
     * waiting for a batch and in the batch being run, {@code device} names the device.
     */
    public static InferenceMetrics register(
            MetricGroup group,
            Supplier<String> device,
            int batchSize,
            IntSupplier queued,
            IntSupplier running) {
        InferenceMetrics metrics = new InferenceMetrics(group);
        group.gauge("queuedRecords", (Gauge<Integer>) queued::getAsInt);
        group.gauge(
                "inFlightBatches",
                (Gauge<Integer>)
                        () -> (queued.getAsInt() + running.getAsInt() + batchSize - 1) / batchSize);
        group.gauge("device", (Gauge<String>) device::get);
        return metrics;
    }

    @Override
    public void batchDone(int size, long inferenceNanos) {
        batches.inc();
        batchSize.update(size);
        batchLatencyMs.update(Math.round(inferenceNanos / 1e6));
    }

    @Override
    public void batchFailed() {
        failures.inc();
    }
}
