package dev.streamlearn.jobs.cli;

import dev.streamlearn.gpu.BundledModel;
import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.gpu.InferenceEngine;
import dev.streamlearn.gpu.ModelSpec;
import dev.streamlearn.jobs.bench.BenchReport;
import dev.streamlearn.jobs.bench.InferenceBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench inference}: one call per record against micro-batched inference. */
@Command(
        name = "inference",
        mixinStandardHelpOptions = true,
        description = {
            "Neural inference one record at a time against micro-batches, without Flink, on the engine and device the Flink function would use. For each model: the most rows/s with one call per record and with one call per batch of each size (closed loop: as fast as it goes); then, at an offered rate (open loop: row i arrives at i/rate whether or not earlier rows are done), the rows/s achieved and each row's latency from arrival to result, p50, p99 and max, including the wait for a batch to fill or for --max-wait to pass. Batched runs go through the same MicroBatcher and InferenceLoop as the Flink function; per-record runs call the model on the arriving thread, as a plain map function does.",
            "Prints the engine, device and native library first, then a table and the ratio of batch-256 to per-record throughput. The bundled models are the test models: mlp (8-32-3) and mlp-1m (64-1024-1024-16, 1.13M parameters); --model runs your own TorchScript (.pt) or ONNX (.onnx) file that takes [batch, input-width] float32 and returns [batch, output-width]."
        },
        footer = {
            "",
            "Engine threads: --threads sets the PyTorch and ONNX Runtime intra- and inter-op threads",
            "(one each by default: the inference thread and the generator share 2 cores here);",
            "-Dai.djl.pytorch.num_threads=... in STREAMLEARN_JAVA_OPTS takes precedence.",
            "",
            "Examples:",
            "  streamlearn bench inference",
            "  streamlearn bench inference --engine pytorch,onnx --json inference.json",
            "  streamlearn bench inference --models mlp --batch-sizes 64,256 --rate 50000 --duration 5s",
            "  streamlearn bench inference --model my.onnx --input-width 32 --output-width 2 --device gpu"
        })
final class BenchInferenceCommand implements Callable<Integer> {

    @Option(
            names = "--models",
            defaultValue = "mlp,mlp-1m",
            split = ",",
            description = "bundled models to run (default: ${DEFAULT-VALUE})")
    List<String> models;

    @Mixin ModelFileMixin modelFile;

    @Option(
            names = "--engine",
            split = ",",
            description =
                    "pytorch and/or onnx (default: pytorch for the bundled models, the file's"
                            + " extension for --model)")
    List<String> engines;

    @Option(
            names = "--batch-sizes",
            defaultValue = "1,8,64,256,1024",
            split = ",",
            description = "batch sizes (default: ${DEFAULT-VALUE})")
    List<Integer> batchSizes;

    @Option(
            names = "--rate",
            defaultValue = "10000",
            description = "rows/s offered in the latency runs (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description =
                    "length of each run; 12 runs per model and engine with the default batch"
                            + " sizes (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Mixin BatchQueueMixin queue;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "engine threads, see below (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--seed",
            defaultValue = "2026",
            description = "seed of the input rows (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin BenchJsonMixin json;

    @Mixin BenchWorkDirMixin work;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        setEngineThreads();
        InferenceBenchmark.Config config =
                new InferenceBenchmark.Config(
                        targets(),
                        batchSizes,
                        rate,
                        duration,
                        queue.maxWait,
                        queue.inFlightBatches,
                        seed);
        InferenceBenchmark.Report report = new InferenceBenchmark(config, System.out).run();
        json.write(
                file ->
                        BenchReport.writeJson(
                                file,
                                BenchReport.settings(
                                        "rate",
                                        rate,
                                        "duration_s",
                                        duration.toMillis() / 1000.0,
                                        "max_wait_ms",
                                        queue.maxWait.toMillis(),
                                        "in_flight_batches",
                                        queue.inFlightBatches,
                                        "threads",
                                        threads,
                                        "ratios",
                                        report.ratios()),
                                report.results()));
        return 0;
    }

    private void validate() {
        if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1 || b > 65_536)) {
            throw bad("--batch-sizes are from 1 to 65536, got " + batchSizes);
        }
        if (!(rate > 0) || rate > 10_000_000) {
            throw bad("--rate is rows/s offered, above 0 and at most 10,000,000; got " + rate);
        }
        if (duration.isZero() || duration.isNegative() || queue.maxWait.isNegative()) {
            throw bad("--duration must be positive and --max-wait not negative");
        }
        if (queue.inFlightBatches < 1 || threads < 1) {
            throw bad("--in-flight-batches and --threads are at least 1");
        }
    }

    private List<InferenceBenchmark.Model> targets() {
        DevicePreference preference = modelFile.preference();
        List<InferenceBenchmark.Model> targets = new ArrayList<>();
        ModelSpec file = modelFile.spec();
        if (file != null) {
            List<InferenceEngine> chosen = engines == null ? List.of(file.engine()) : engines();
            for (InferenceEngine engine : chosen) {
                targets.add(
                        new InferenceBenchmark.Model(
                                file.modelPath().getFileName().toString(),
                                file.withEngine(engine)));
            }
            return targets;
        }
        List<InferenceEngine> chosen =
                engines == null ? List.of(InferenceEngine.PYTORCH) : engines();
        Path folder = work.folder().resolve("models");
        for (String name : models) {
            BundledModel bundled = BundledModel.parse(name);
            for (InferenceEngine engine : chosen) {
                targets.add(
                        new InferenceBenchmark.Model(
                                bundled.modelName(),
                                bundled.spec(engine, folder).withDevice(preference)));
            }
        }
        return targets;
    }

    private List<InferenceEngine> engines() {
        return engines.stream().map(InferenceEngine::parse).distinct().toList();
    }

    /** Before any engine loads: they read these once. An explicit -D wins. */
    private void setEngineThreads() {
        for (String engine : List.of("pytorch", "onnxruntime")) {
            for (String kind : List.of("num_threads", "num_interop_threads")) {
                String key = "ai.djl." + engine + "." + kind;
                if (System.getProperty(key) == null) {
                    System.setProperty(key, Integer.toString(threads));
                }
            }
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
