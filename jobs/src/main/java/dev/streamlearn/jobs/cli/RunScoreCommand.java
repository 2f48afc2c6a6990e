package dev.streamlearn.jobs.cli;

import dev.streamlearn.gpu.ModelSpec;
import dev.streamlearn.jobs.ScoreJob;
import dev.streamlearn.jobs.ScoreTopics;
import java.nio.file.Path;
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

    @Mixin BatchingMixin batching;

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
        String name = job.name("streamlearn-score");
        ScoreJob.Options options =
                job.applyTo(ScoreJob.Options.builder(job.bootstrapServers(), spec), name)
                        .topics(new ScoreTopics(featuresTopic, scoresTopic, deadLettersTopic))
                        .batching(batching.options())
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
                        batching.batchSize,
                        featuresTopic,
                        scoresTopic,
                        deadLettersTopic));
    }
}
