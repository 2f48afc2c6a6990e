package dev.streamlearn.jobs.cli;

import dev.streamlearn.gpu.ModelSpec;
import dev.streamlearn.gpu.flink.BatchOptions;
import dev.streamlearn.jobs.ScoreJob;
import dev.streamlearn.jobs.ScoreTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn run score}: a user's model applied to a Kafka stream of feature rows. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "Scores every feature row of a Kafka topic with your TorchScript (.pt) or ONNX (.onnx) model, micro-batched through DJL: one forward call per batch of up to --batch-size rows, sent once full or --max-wait after its first row, whichever comes first; on a GPU when the TaskManager has one (or --device gpu), else on the CPU with one log line saying why.",
            "",
            "Rows come in on --features-topic:",
            "  {\"id\":\"r1\",\"features\":[0.1,-2.0,3.5,...]}   (exactly --input-width finite numbers)",
            "and their scores go out on --scores-topic, exactly once (read them read_committed), keyed by id:",
            "  {\"id\":\"r1\",\"outputs\":[0.2,0.7,0.1],\"model\":\"mlp.onnx\"}",
            "A row that is not JSON, has another length or a value that is not a finite number goes to --dead-letters-topic with the reason. The model must take [batch, input-width] float32 and return [batch, output-width]; its widths are checked when it loads.",
            "",
            "Metrics in the web UI (operator score-inference): batchSize and batchLatencyMs (histograms: p50, p99), batches, inferenceFailures, queuedRecords, inFlightBatches, device.",
            "On a cluster, put the DJL jars in Flink's lib/ folder (natives load once per JVM; from the job jar, a restarted job would fail with 'already loaded in another classloader').",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn run score --bootstrap-servers localhost:9092 --model mlp.onnx --input-width 8 --output-width 3",
            "  streamlearn run score --bootstrap-servers localhost:9092 --model model.pt --input-width 64 --output-width 16 --batch-size 1024 --device gpu"
        })
final class RunScoreCommand implements Callable<Integer> {

    @Mixin JobMixin job;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "the TorchScript (.pt) or ONNX (.onnx) file; every TaskManager reads it")
    Path model;

    @Option(
            names = "--input-width",
            required = true,
            description = "values per feature row, the model's input width")
    int inputWidth;

    @Option(
            names = "--output-width",
            required = true,
            description = "values per score, the model's output width")
    int outputWidth;

    @Mixin DeviceMixin device;

    @Option(
            names = "--batch-size",
            defaultValue = "256",
            description = "rows per forward call at most (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--max-wait",
            defaultValue = "5ms",
            description =
                    "how long a batch waits for more rows after its first one (default:"
                            + " ${DEFAULT-VALUE})")
    Duration maxWait;

    @Option(
            names = "--in-flight-batches",
            defaultValue = "4",
            description =
                    "batches queued or running per subtask before the job backpressures (default:"
                            + " ${DEFAULT-VALUE})")
    int inFlightBatches;

    @Option(
            names = "--timeout",
            defaultValue = "60s",
            description =
                    "fail (and restart) when a row has no score this long after it arrived"
                            + " (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(
            names = "--unordered",
            description =
                    "let a row's score overtake those of earlier rows (lower latency); by default"
                            + " scores keep the order of the rows")
    boolean unordered;

    @Option(
            names = "--features-topic",
            defaultValue = "features",
            description = "topic the feature rows are read from (default: ${DEFAULT-VALUE})")
    String featuresTopic;

    @Option(
            names = "--scores-topic",
            defaultValue = "scores",
            description = "topic the scores are written to (default: ${DEFAULT-VALUE})")
    String scoresTopic;

    @Option(
            names = "--dead-letters-topic",
            defaultValue = "score-dead-letters",
            description =
                    "topic of the rows that could not be read, with the reason (default:"
                            + " ${DEFAULT-VALUE})")
    String deadLettersTopic;

    @Override
    public Integer call() throws Exception {
        ModelSpec spec =
                ModelSpec.of(model.toAbsolutePath(), inputWidth, outputWidth)
                        .withDevice(device.preference());
        BatchOptions batching =
                BatchOptions.defaults()
                        .withBatchSize(batchSize)
                        .withMaxWait(maxWait)
                        .withMaxInFlightBatches(inFlightBatches)
                        .withOrdered(!unordered)
                        .withTimeout(timeout);
        String name = job.name("streamlearn-score");
        ScoreJob.Options options =
                job.applyTo(ScoreJob.Options.builder(job.bootstrapServers(), spec), name)
                        .topics(new ScoreTopics(featuresTopic, scoresTopic, deadLettersTopic))
                        .batching(batching)
                        .build();
        StreamExecutionEnvironment env = job.environment(name);
        ScoreJob.wire(env, options);
        return job.execute(
                env,
                name,
                String.format(
                        "%s (%d -> %d) in batches of up to %d; %s -> %s, %s",
                        model.getFileName(),
                        inputWidth,
                        outputWidth,
                        batchSize,
                        featuresTopic,
                        scoresTopic,
                        deadLettersTopic));
    }
}
