package dev.streamlearn.jobs.cli;

import dev.streamlearn.gpu.BundledModel;
import dev.streamlearn.gpu.InferenceEngine;
import dev.streamlearn.jobs.bench.BenchReport;
import dev.streamlearn.jobs.bench.ScoreBenchmark;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench score}: {@code run score} end to end at an offered rate. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "The scoring job (run score) end to end: an embedded broker, rows of random features offered at --rate for --duration, the job on a local MiniCluster (exactly-once sinks, checkpoints every second), and a read_committed consumer that counts every id once. Prints rows offered per second, scores committed per second while the rows were offered, how long after the last row the last score became readable, duplicates, and the latency from a row's timestamp until its score is readable (it includes the wait for the checkpoint that commits it). The job keeps up when the committed rate matches the offered one, trailing it by about one checkpoint (1 s) of rows, and the last scores are readable about a checkpoint after the last row.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn bench score",
            "  streamlearn bench score --rate 20000 --duration 60s --model mlp-1m --batch-size 1024"
        })
final class BenchScoreCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            defaultValue = "mlp",
            description = "bundled model: mlp or mlp-1m (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--engine",
            defaultValue = "onnx",
            description = "pytorch or onnx (default: ${DEFAULT-VALUE})")
    String engine;

    @Mixin DeviceMixin device;

    @Option(
            names = "--rate",
            defaultValue = "10000",
            description = "rows per second offered (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            description = "how long rows are offered (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Mixin BatchingMixin batching;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "the job's parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Mixin BenchWorkDirMixin work;

    @Mixin BenchJsonMixin json;

    @Override
    public Integer call() throws Exception {
        RuntimeMixin.positive(duration, "--duration");
        if (!(rate > 0) || parallelism < 1) {
            throw new IllegalArgumentException(
                    "--rate must be positive and --parallelism at least 1, got "
                            + rate
                            + " and "
                            + parallelism);
        }
        ScoreBenchmark.Config config =
                new ScoreBenchmark.Config(
                        BundledModel.parse(model)
                                .spec(
                                        InferenceEngine.parse(engine),
                                        work.folder().resolve("models"))
                                .withDevice(device.preference()),
                        batching.options(),
                        rate,
                        duration,
                        parallelism,
                        work.folder());
        ScoreBenchmark.Result result = new ScoreBenchmark(config, System.out).run();
        json.write(
                file ->
                        BenchReport.writeJson(
                                file,
                                BenchReport.settings(
                                        "model", model,
                                        "engine", engine,
                                        "rate", rate,
                                        "duration_seconds", duration.toSeconds(),
                                        "batch_size", batching.batchSize,
                                        "parallelism", parallelism),
                                List.of(result)));
        return result.duplicates() == 0 && result.committed() == result.offered() ? 0 : 1;
    }
}
