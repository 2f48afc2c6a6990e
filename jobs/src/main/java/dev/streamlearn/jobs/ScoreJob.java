package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.FeatureRowParser;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.ParseFunction;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.FeatureRow;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.records.Score;
import dev.streamlearn.gpu.ModelSpec;
import dev.streamlearn.gpu.flink.BatchOptions;
import dev.streamlearn.gpu.flink.BatchedInference;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The scoring job: a user's TorchScript or ONNX model applied to every feature row of a Kafka
 * topic, micro-batched through DJL (on a GPU when the TaskManager has one), the scores written
 * exactly once. A row that cannot be read (not JSON, another length than the model's input, a value
 * that is not a finite number) goes to the dead-letter topic with the reason. Inference is
 * stateless and idempotent: after a failure, the rows in flight are scored again and their earlier
 * scores, never committed, are not seen by a {@code read_committed} reader.
 *
 * <pre>{@code
 * ScoreJob.wire(env, ScoreJob.Options.builder("localhost:9092",
 *         ModelSpec.of(Path.of("/models/mlp.onnx"), 8, 3)).build());
 * env.execute("streamlearn-score");
 * }</pre>
 */
public final class ScoreJob {
    public static final String NAME = "score";

    /** What the uids of this job's operators start with ({@code <job>-<role>}). */
    static final String UID_PREFIX = NAME + "-";

    /** The uid of the inference operator (it keeps the rows in flight in checkpoints). */
    public static final String INFERENCE_UID = UID_PREFIX + "inference";

    private ScoreJob() {}

    /**
     * @param settings Kafka, ids, record limit, start position, transaction timeout
     * @param topics topic names
     * @param model the model file, its input and output widths, the device preference
     * @param batching batch size, wait, batches in flight, order
     */
    public record Options(
            JobSettings settings, ScoreTopics topics, ModelSpec model, BatchOptions batching) {
        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(batching, "batching");
        }

        /** A builder with the defaults: topics, ids "streamlearn-score", default batching. */
        public static Builder builder(String bootstrapServers, ModelSpec model) {
            return new Builder(bootstrapServers, model);
        }
    }

    /** Builds {@link Options}; everything but the Kafka servers and the model has a default. */
    public static final class Builder extends JobOptionsBuilder<Builder> {
        private final ModelSpec model;
        private ScoreTopics topics = ScoreTopics.defaults();
        private BatchOptions batching = BatchOptions.defaults();

        private Builder(String bootstrapServers, ModelSpec model) {
            super(bootstrapServers, NAME);
            this.model = model;
        }

        public Builder topics(ScoreTopics t) {
            this.topics = t;
            return this;
        }

        public Builder batching(BatchOptions b) {
            this.batching = b;
            return this;
        }

        public Options build() {
            return new Options(settings(), topics, model, batching);
        }
    }

    /**
     * The outputs of the pipeline.
     *
     * @param scores one score per feature row that could be read
     * @param deadLetters every row that could not, with the reason
     */
    public record Outputs(DataStream<Score> scores, DataStream<DeadLetter> deadLetters) {}

    /** The processing, from raw rows to outputs; shared by {@link #wire} and the tests. */
    public static Outputs buildPipeline(DataStream<RawRecord> raw, Options options) {
        ParseFunction.Parsed<FeatureRow> rows =
                ParseFunction.apply(
                        raw,
                        new FeatureRowParser(options.model().inputWidth()),
                        FeatureRow.class,
                        options.settings().maxRecordBytes(),
                        UID_PREFIX + "parse-features");
        String model = options.model().modelPath().getFileName().toString();
        DataStream<Score> scores =
                BatchedInference.apply(
                        rows.records(),
                        INFERENCE_UID,
                        options.model(),
                        FeatureRow::features,
                        (row, out) -> new Score(row.id(), out, model),
                        TypeInformation.of(Score.class),
                        options.batching());
        return new Outputs(scores, rows.deadLetters());
    }

    /** Kafka source, pipeline and sinks, added to {@code env}. */
    public static Outputs wire(StreamExecutionEnvironment env, Options options) {
        Outputs out = buildPipeline(read(env, options), options);
        sinkAll(out, options);
        return out;
    }

    /** The feature rows' topic, with its stable uid. */
    public static DataStream<RawRecord> read(StreamExecutionEnvironment env, Options options) {
        return options.settings()
                .read(env, options.topics().features(), UID_PREFIX + "kafka-source-features");
    }

    /** Scores and dead letters, both exactly once. */
    public static void sinkAll(Outputs out, Options options) {
        JobSettings s = options.settings();
        s.sinkExactlyOnce(
                out.scores(),
                UID_PREFIX + "scores",
                options.topics().scores(),
                RecordJson::score,
                Score::id);
        s.sinkDeadLetters(
                out.deadLetters(), UID_PREFIX + "dead-letters", options.topics().deadLetters());
    }
}
