package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamlearn.gpu.BatchPredictor;
import dev.streamlearn.gpu.InferenceRuntime;
import dev.streamlearn.gpu.ModelSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Per-record against micro-batched neural inference, without Flink: for each model, the most rows
 * per second with one call per record and with one call per batch of each size (closed loop), then
 * throughput and latency percentiles at an offered rate (open loop) with one call per record on the
 * arriving thread and with the {@code MicroBatcher} and {@code InferenceLoop} the Flink function
 * uses. Prints the engine, device and native library first, so that the same command reports what a
 * GPU machine used.
 */
public final class InferenceBenchmark {
    private static final int ROW_POOL = 4096;
    private static final Duration WARMUP = Duration.ofMillis(300);
    private static final int REFERENCE_BATCH = 256;

    /** A model to measure and the name it has in the table. */
    public record Model(String name, ModelSpec spec) {}

    /**
     * @param rate rows per second offered in the open-loop runs
     * @param duration each run's length
     * @param maxWait how long a batch waits for more rows after its first
     * @param inFlightBatches batches' worth of rows the batcher holds (beyond that the generator
     *     waits)
     */
    public record Config(
            List<Model> models,
            List<Integer> batchSizes,
            double rate,
            Duration duration,
            Duration maxWait,
            int inFlightBatches,
            long seed) {}

    /** One setting of one model; {@code batchSize} 0 is one call per record. */
    public record Result(
            String model,
            String engine,
            String device,
            String setting,
            @JsonProperty("batch_size") int batchSize,
            @JsonProperty("max_rows_per_s") double maxRowsPerSecond,
            @JsonProperty("offered_rows_per_s") double offered,
            @JsonProperty("rows_per_s") double rowsPerSecond,
            @JsonProperty("p50_ms") double p50Ms,
            @JsonProperty("p99_ms") double p99Ms,
            @JsonProperty("max_ms") double maxMs,
            @JsonProperty("mean_batch") double meanBatch) {}

    /** Batched over per-record maximum throughput, for one model. */
    public record Ratio(
            String model,
            String engine,
            @JsonProperty("batch_size") int batchSize,
            @JsonProperty("throughput_ratio") double ratio) {}

    /** What a run measured. */
    public record Report(List<Result> results, List<Ratio> ratios) {}

    private final Config config;
    private final PrintStream out;

    public InferenceBenchmark(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public Report run() throws InterruptedException {
        List<Result> results = new ArrayList<>();
        List<Ratio> ratios = new ArrayList<>();
        for (Model model : config.models()) {
            List<Result> own = measure(model);
            results.addAll(own);
            ratios.add(ratio(own));
        }
        out.println();
        table().print(out, results);
        out.println();
        for (Ratio r : ratios) {
            out.printf(
                    "%s on %s: batch %d gives %.1fx the per-record throughput%n",
                    r.model(), r.engine(), r.batchSize(), r.ratio());
        }
        return new Report(results, ratios);
    }

    private List<Result> measure(Model model) throws InterruptedException {
        try (BatchPredictor predictor = BatchPredictor.open(model.spec())) {
            InferenceRuntime runtime = predictor.describe();
            out.printf(
                    "%s: %s %s (DJL %s) on %s: %s%n  native library: %s%n",
                    model.name(),
                    runtime.engine(),
                    runtime.engineVersion(),
                    runtime.djlVersion(),
                    runtime.device(),
                    runtime.deviceReason(),
                    runtime.nativeLibrary());
            float[][] rows = rows(model.spec().inputWidth());
            ClosedLoopThroughput.perRecord(predictor, rows, WARMUP);
            List<Result> results = new ArrayList<>();
            results.add(perRecord(model, runtime, predictor, rows));
            for (int size : config.batchSizes()) {
                results.add(batched(model, runtime, predictor, rows, size));
            }
            return results;
        }
    }

    private Result perRecord(
            Model model, InferenceRuntime runtime, BatchPredictor predictor, float[][] rows)
            throws InterruptedException {
        double max = ClosedLoopThroughput.perRecord(predictor, rows, config.duration());
        OpenLoopLatency.Figures at =
                OpenLoopLatency.perRecord(predictor, rows, config.rate(), config.duration());
        return result(model, runtime, "per-record", 0, max, at);
    }

    private Result batched(
            Model model,
            InferenceRuntime runtime,
            BatchPredictor predictor,
            float[][] rows,
            int size)
            throws InterruptedException {
        ClosedLoopThroughput.batched(predictor, rows, size, WARMUP);
        double max = ClosedLoopThroughput.batched(predictor, rows, size, config.duration());
        OpenLoopLatency.Figures at =
                OpenLoopLatency.batched(
                        predictor,
                        rows,
                        config.rate(),
                        config.duration(),
                        size,
                        config.maxWait(),
                        config.inFlightBatches());
        return result(model, runtime, "batch " + size, size, max, at);
    }

    private Result result(
            Model model,
            InferenceRuntime runtime,
            String setting,
            int size,
            double max,
            OpenLoopLatency.Figures at) {
        Result r =
                new Result(
                        model.name(),
                        runtime.engine(),
                        runtime.device().toString(),
                        setting,
                        size,
                        max,
                        config.rate(),
                        at.rowsPerSecond(),
                        at.p50Ms(),
                        at.p99Ms(),
                        at.maxMs(),
                        at.meanBatch());
        out.printf(
                "  %-11s max %,12.0f rows/s; at %,.0f rows/s offered: p50 %.2f ms, p99 %.2f ms%n",
                setting, max, config.rate(), at.p50Ms(), at.p99Ms());
        return r;
    }

    /** Batch 256 (or the largest measured) over per-record, by maximum throughput. */
    private static Ratio ratio(List<Result> own) {
        Result single = own.get(0);
        Result batched =
                own.stream()
                        .filter(r -> r.batchSize() == REFERENCE_BATCH)
                        .findFirst()
                        .orElse(own.get(own.size() - 1));
        return new Ratio(
                single.model(),
                single.engine(),
                batched.batchSize(),
                batched.maxRowsPerSecond() / single.maxRowsPerSecond());
    }

    private static BenchTable<Result> table() {
        return BenchTable.of("model", Result::model)
                .text("engine", Result::engine)
                .text("device", Result::device)
                .text("setting", Result::setting)
                .column("max rows/s", "%,.0f", Result::maxRowsPerSecond)
                .column("rows/s at rate", "%,.0f", Result::rowsPerSecond)
                .column("p50 ms", "%.2f", Result::p50Ms)
                .column("p99 ms", "%.2f", Result::p99Ms)
                .column("max ms", "%.2f", Result::maxMs)
                .column("mean batch", "%.1f", Result::meanBatch);
    }

    /** A pool of Gaussian rows, at least as many as the largest batch. */
    private float[][] rows(int width) {
        int count =
                Math.max(ROW_POOL, config.batchSizes().stream().max(Integer::compare).orElse(1));
        Random random = new Random(config.seed());
        float[][] rows = new float[count][width];
        for (float[] row : rows) {
            for (int c = 0; c < width; c++) {
                row[c] = (float) random.nextGaussian();
            }
        }
        return rows;
    }
}
