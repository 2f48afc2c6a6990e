package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.MetricsRecord;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearnerCodec;
import dev.streamlearn.operators.baseline.flink.PrequentialFunction;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The platform's baseline job: instances from Kafka are validated (bad ones to the dead-letter
 * topic), a learner per stream key (a MOA learner or DriftMoE) predicts then learns (prequential),
 * and predictions and metrics go back to Kafka exactly once. Labels come on the instances, or later
 * on a labels topic ({@link Topics#labels()}). The operators of DriftMoE, active learning and RL
 * plug into the same frame.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
 * PrequentialJob.wire(env, PrequentialJob.Options.builder("localhost:9092", schemas).build());
 * env.execute("streamlearn-prequential");
 * }</pre>
 */
public final class PrequentialJob {
    public static final String NAME = "prequential";

    /** The uid of the keyed-model operator that holds one learner per stream key. */
    public static final String MODEL_UID = "prequential-learner";

    private PrequentialJob() {}

    /**
     * @param settings Kafka, ids, record limit, model cache, start position, transaction timeout
     * @param topics topic names
     * @param schemas schema of each stream key
     * @param learner the prequential learner's configuration
     */
    public record Options(
            JobSettings settings, Topics topics, SchemaCatalog schemas, PrequentialConfig learner) {

        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(schemas, "schemas");
            Objects.requireNonNull(learner, "learner");
        }

        /** A builder with the defaults: topics, Hoeffding tree, ids "streamlearn-prequential". */
        public static Builder builder(String bootstrapServers, SchemaCatalog schemas) {
            return new Builder(bootstrapServers, schemas);
        }
    }

    /** Builds {@link Options}; everything but the Kafka servers and the schemas has a default. */
    public static final class Builder extends JobOptionsBuilder<Builder> {
        private final SchemaCatalog schemas;
        private Topics topics = Topics.defaults();
        private PrequentialConfig learner = PrequentialConfig.defaults();

        private Builder(String bootstrapServers, SchemaCatalog schemas) {
            super(bootstrapServers, NAME);
            this.schemas = schemas;
        }

        public Builder topics(Topics t) {
            this.topics = t;
            return this;
        }

        public Builder learner(PrequentialConfig l) {
            this.learner = l;
            return this;
        }

        public Options build() {
            return new Options(settings(), topics, schemas, learner);
        }
    }

    /**
     * The outputs of the pipeline.
     *
     * @param predictions one prediction per valid instance
     * @param metrics periodic figures per stream
     * @param deadLetters every input that could not be parsed, with the reason
     */
    public record Outputs(
            DataStream<Prediction> predictions,
            DataStream<MetricsRecord> metrics,
            DataStream<DeadLetter> deadLetters) {}

    /** The processing, from raw instances to outputs; shared by {@link #wire} and the tests. */
    public static Outputs buildPipeline(DataStream<RawRecord> raw, Options options) {
        return buildPipeline(raw, null, options);
    }

    /**
     * The processing, from raw instances and (when {@code rawLabels} is not null) raw delayed
     * labels to outputs. Both are parsed (bad records become dead letters) and meet, keyed by
     * stream, in the learner: a label releases its waiting instance for evaluation and learning.
     */
    public static Outputs buildPipeline(
            DataStream<RawRecord> raw, DataStream<RawRecord> rawLabels, Options options) {
        KeyedModelPipeline.Result<Prediction> r =
                ClassificationInputs.pipeline(
                                raw, rawLabels, options.schemas(), options.settings(), "")
                        .model(
                                InstanceOrLabel::stream,
                                MODEL_UID,
                                new PrequentialFunction(
                                        options.learner(),
                                        options.schemas(),
                                        Objects.requireNonNullElse(
                                                options.topics().labels(), "labels")),
                                new PrequentialLearnerCodec(),
                                TypeInformation.of(Prediction.class),
                                options.settings().models());
        return new Outputs(
                r.outputs(),
                r.outputs().getSideOutput(PrequentialFunction.METRICS),
                r.deadLetters()
                        .union(r.outputs().getSideOutput(PrequentialFunction.UNMATCHED_LABELS)));
    }

    /** Kafka source, pipeline and exactly-once Kafka sinks, added to {@code env}. */
    public static Outputs wire(StreamExecutionEnvironment env, Options options) {
        return wire(env, options, source(options));
    }

    /** The same with a given source of instances (e.g. a bounded one). */
    public static Outputs wire(
            StreamExecutionEnvironment env, Options options, KafkaSource<RawRecord> source) {
        Outputs out = buildPipeline(read(env, options, source), readLabels(env, options), options);
        sinkAll(out, options);
        return out;
    }

    /** The labels topic's records, or null when the job has no labels topic. */
    public static DataStream<RawRecord> readLabels(
            StreamExecutionEnvironment env, Options options) {
        String topic = options.topics().labels();
        if (topic == null) {
            return null;
        }
        return options.settings().read(env, topic, "kafka-source-labels");
    }

    /** The default source: the instances topic, unbounded. */
    public static KafkaSource<RawRecord> source(Options options) {
        return options.settings().source(options.topics().instances());
    }

    /**
     * A source that reads the instances topic from its beginning to its end offsets at start-up,
     * then finishes (benchmarks, tests, back-fills).
     */
    public static KafkaSource<RawRecord> boundedSource(Options options) {
        JobSettings s = options.settings();
        return s.sourceBuilder(
                        options.topics().instances(), s.groupId(), KafkaSources.StartFrom.EARLIEST)
                .setBounded(OffsetsInitializer.latest())
                .build();
    }

    /** Adds {@code source} to {@code env} with its stable uid. */
    public static DataStream<RawRecord> read(
            StreamExecutionEnvironment env, Options options, KafkaSource<RawRecord> source) {
        return options.settings()
                .read(env, source, options.topics().instances(), "kafka-source-instances");
    }

    /** Writes every output to its topic through an exactly-once sink. */
    public static void sinkAll(Outputs out, Options options) {
        JobSettings s = options.settings();
        s.sinkExactlyOnce(
                out.predictions(),
                "predictions",
                options.topics().predictions(),
                RecordJson::prediction,
                Prediction::stream);
        s.sinkExactlyOnce(
                out.metrics(),
                "metrics",
                options.topics().metrics(),
                RecordJson::metrics,
                MetricsRecord::stream);
        s.sinkDeadLetters(out.deadLetters(), "dead-letters", options.topics().deadLetters());
    }
}
