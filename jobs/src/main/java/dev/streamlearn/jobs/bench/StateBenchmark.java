package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.baseline.PrequentialLearnerCodec;
import dev.streamlearn.operators.baseline.flink.PrequentialFunction;
import dev.streamlearn.state.keyed.KeyedModelOperator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * {@code streamlearn bench state}: the same per-key prequential Hoeffding tree on the same SEA
 * stream, run in one process: plain MOA without Flink; Flink with the model read and written
 * through {@code ValueState} on every record, with Flink's own serializer for the model (Kryo, the
 * naive baseline) and with the project's codec; and Flink with the keyed-model operator (RocksDB,
 * checkpoints every second).
 */
public final class StateBenchmark {

    /**
     * @param records records per run (plain MOA and the keyed-model operator)
     * @param naiveRecords records of the naive run (it is about 100 times slower)
     * @param keys the key counts to run
     * @param parallelism Flink parallelism
     * @param workDir checkpoints and temporary files
     */
    public record Config(
            long records, long naiveRecords, List<Integer> keys, int parallelism, Path workDir) {}

    /** One run's figures. */
    public record Result(
            String name,
            int keys,
            long records,
            double seconds,
            @JsonProperty("records_per_s") double recordsPerSecond,
            @JsonProperty("peak_heap_mb") double peakHeapMb) {}

    private static final long SEED = 1;
    private final Config config;
    private final PrintStream out;

    public StateBenchmark(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public List<Result> run() throws Exception {
        out.println("warming up the JIT (plain MOA, 200,000 records, not reported) ...");
        plain(10, 200_000);
        List<Result> results = new ArrayList<>();
        for (int keys : config.keys()) {
            results.add(
                    measure(
                            "plain-moa",
                            keys,
                            config.records(),
                            () -> {
                                plain(keys, config.records());
                                return -1;
                            }));
            for (NaiveValueStateFunction.Serializer naive :
                    NaiveValueStateFunction.Serializer.values()) {
                results.add(
                        measure(
                                naive.runName(),
                                keys,
                                config.naiveRecords(),
                                () -> flink(keys, config.naiveRecords(), naive)));
            }
            results.add(
                    measure(
                            "keyed-model-operator",
                            keys,
                            config.records(),
                            () -> flink(keys, config.records(), null)));
        }
        printTable(results);
        return results;
    }

    /** A measured run; returns its own duration in seconds, or a negative value for wall time. */
    private interface Run {
        double run() throws Exception;
    }

    private Result measure(String name, int keys, long records, Run run) throws Exception {
        out.printf("running %-24s keys=%-6d records=%,d ...%n", name, keys, records);
        double secs;
        double peakMb;
        try (HeapSampler heap = new HeapSampler()) {
            long start = System.nanoTime();
            double own = run.run();
            secs = own > 0 ? own : (System.nanoTime() - start) / 1e9;
            peakMb = heap.peakMb();
        }
        Result r = new Result(name, keys, records, secs, records / secs, peakMb);
        out.printf(
                "  %,.0f records/s (%.1f s), peak heap %.0f MB%n",
                r.recordsPerSecond(), secs, r.peakHeapMb());
        return r;
    }

    private static void plain(int keys, long records) {
        PrequentialConfig config = PrequentialConfig.defaults();
        Map<String, PrequentialLearner> models = new HashMap<>();
        for (long i = 0; i < records; i++) {
            Instance in = SeaInstances.instance(i, keys, SEED);
            models.computeIfAbsent(
                            in.stream(),
                            k -> PrequentialLearner.create(config, SeaInstances.SCHEMA))
                    .testThenTrain(in.x(), in.y());
        }
    }

    /**
     * Runs the Flink job, naive with the given serializer or, when it is null, with the keyed-model
     * operator; returns its net runtime (the MiniCluster's start-up is not counted).
     */
    private double flink(int keys, long records, NaiveValueStateFunction.Serializer naive)
            throws Exception {
        Configuration conf = BenchEnvironment.configuration(config.workDir());
        if (naive == NaiveValueStateFunction.Serializer.FLINK) {
            // what a first job has: Flink falls back to Kryo for the model (the jobs forbid it)
            conf.set(PipelineOptions.GENERIC_TYPES, true);
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
        DataStream<Instance> instances =
                env.fromSequence(0, records - 1)
                        .map(i -> SeaInstances.instance(i, keys, SEED))
                        .returns(TypeInformation.of(Instance.class))
                        .uid("sea");
        if (naive != null) {
            instances
                    .keyBy(Instance::stream)
                    .process(new NaiveValueStateFunction(PrequentialConfig.defaults(), naive))
                    .uid("naive")
                    .sinkTo(new DiscardingSink<>());
        } else {
            KeyedModelOperator.apply(
                            instances
                                    .map(
                                            InstanceOrLabel::of,
                                            TypeInformation.of(InstanceOrLabel.class))
                                    .keyBy(InstanceOrLabel::stream),
                            "models",
                            new PrequentialFunction(
                                    PrequentialConfig.defaults(),
                                    SchemaCatalog.forAll(SeaInstances.SCHEMA)),
                            new PrequentialLearnerCodec(),
                            TypeInformation.of(Prediction.class),
                            Math.max(keys, 1))
                    .sinkTo(new DiscardingSink<>());
        }
        JobExecutionResult result = env.execute("bench-state");
        if (result.getNetRuntime() <= 0) {
            throw new IllegalStateException("benchmark job did not run");
        }
        return result.getNetRuntime() / 1000.0;
    }

    private void printTable(List<Result> results) {
        out.println();
        out.println(
                "Flink runs are timed by the job's net runtime (the local cluster's start-up is"
                        + " not counted); plain MOA by wall time after a JIT warm-up.");
        BenchTable.of("run", Result::name)
                .column("keys", "%d", Result::keys)
                .column("records", "%,d", Result::records)
                .column("records/s", "%,.0f", Result::recordsPerSecond)
                .column("heap MB", "%.0f", Result::peakHeapMb)
                .column(
                        "vs plain MOA",
                        "%.1f%%",
                        r ->
                                100
                                        * r.recordsPerSecond()
                                        / find(results, "plain-moa", r.keys()).recordsPerSecond())
                .column(
                        "vs naive",
                        "%.1fx",
                        r ->
                                r.recordsPerSecond()
                                        / find(results, "naive-value-state", r.keys())
                                                .recordsPerSecond())
                .print(out, results);
    }

    private static Result find(List<Result> results, String name, int keys) {
        return results.stream()
                .filter(r -> r.name().equals(name) && r.keys() == keys)
                .findFirst()
                .orElseThrow();
    }

    /** Writes {@code {"results": [...]}} for scripts. */
    public static void writeJson(List<Result> results, Path file) throws IOException {
        BenchReport.writeJson(file, BenchReport.settings(), results);
    }
}
