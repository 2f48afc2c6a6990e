package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.InstanceParser;
import dev.streamlearn.connectors.json.LabelParser;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.KafkaSinks;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.ParseFunction;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.MetricsRecord;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialFunction;
import dev.streamlearn.operators.baseline.PrequentialLearnerCodec;
import dev.streamlearn.state.keyed.KeyedModelOperator;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

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
     * @param bootstrapServers Kafka bootstrap servers
     * @param topics topic names
     * @param schemas schema of each stream key on the instances topic
     * @param learner the learner configuration
     * @param groupId consumer group of the source
     * @param transactionalIdPrefix prefix of the sinks' transactional ids, unique per job
     * @param maxRecordBytes records above this size are dead letters
     * @param models the heap cache and expiry of the per-stream models
     * @param startFrom where to start reading without a checkpoint
     * @param transactionTimeout the sinks' Kafka transaction timeout: a job must recover within it
     * @param brokerMaxTransactionTimeout the brokers' transaction.max.timeout.ms
     */
    public record Options(
            String bootstrapServers,
            Topics topics,
            SchemaCatalog schemas,
            PrequentialConfig learner,
            String groupId,
            String transactionalIdPrefix,
            int maxRecordBytes,
            KeyedModelOptions models,
            KafkaSources.StartFrom startFrom,
            Duration transactionTimeout,
            Duration brokerMaxTransactionTimeout) {

        public Options {
            KafkaSources.requireText(bootstrapServers, "bootstrap servers", "e.g. localhost:9092");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(schemas, "schemas");
            Objects.requireNonNull(learner, "learner");
            KafkaSources.requireText(groupId, "consumer group id", "e.g. the job name");
            KafkaSources.requireText(
                    transactionalIdPrefix, "transactional id prefix", "unique per job");
            if (maxRecordBytes <= 0) {
                throw new IllegalArgumentException(
                        "maxRecordBytes must be positive, got " + maxRecordBytes);
            }
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(startFrom, "startFrom");
            Objects.requireNonNull(transactionTimeout, "transactionTimeout");
            Objects.requireNonNull(brokerMaxTransactionTimeout, "brokerMaxTransactionTimeout");
        }

        /** A builder with the defaults: topics, Hoeffding tree, ids "streamlearn-prequential". */
        public static Builder builder(String bootstrapServers, SchemaCatalog schemas) {
            return new Builder(bootstrapServers, schemas);
        }
    }

    /** Builds {@link Options}; everything but the Kafka servers and the schemas has a default. */
    public static final class Builder {
        private final String bootstrapServers;
        private final SchemaCatalog schemas;
        private Topics topics = Topics.defaults();
        private PrequentialConfig learner = PrequentialConfig.defaults();
        private String groupId = "streamlearn-" + NAME;
        private String transactionalIdPrefix = "streamlearn-" + NAME;
        private int maxRecordBytes = ParseFunction.DEFAULT_MAX_RECORD_BYTES;
        private KeyedModelOptions models = KeyedModelOptions.defaults();
        private KafkaSources.StartFrom startFrom = KafkaSources.StartFrom.COMMITTED;
        private Duration transactionTimeout = KafkaSinks.DEFAULT_TRANSACTION_TIMEOUT;
        private Duration brokerMaxTransactionTimeout =
                KafkaSinks.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;

        private Builder(String bootstrapServers, SchemaCatalog schemas) {
            this.bootstrapServers = bootstrapServers;
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

        /** The consumer group and the sinks' transactional id prefix, both unique per job. */
        public Builder ids(String group, String prefix) {
            this.groupId = group;
            this.transactionalIdPrefix = prefix;
            return this;
        }

        public Builder maxRecordBytes(int max) {
            this.maxRecordBytes = max;
            return this;
        }

        public Builder models(KeyedModelOptions m) {
            this.models = m;
            return this;
        }

        public Builder startFrom(KafkaSources.StartFrom start) {
            this.startFrom = start;
            return this;
        }

        /**
         * The sinks' transaction timeout (10 minutes by default) and the brokers' maximum (Kafka's
         * default is 15 minutes): output of a checkpoint is lost if the job needs longer than the
         * timeout to recover, so long recoveries need both raised.
         */
        public Builder transactionTimeout(Duration timeout, Duration brokerMax) {
            this.transactionTimeout = timeout;
            this.brokerMaxTransactionTimeout = brokerMax;
            return this;
        }

        public Options build() {
            return new Options(
                    bootstrapServers,
                    topics,
                    schemas,
                    learner,
                    groupId,
                    transactionalIdPrefix,
                    maxRecordBytes,
                    models,
                    startFrom,
                    transactionTimeout,
                    brokerMaxTransactionTimeout);
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
        ParseFunction.Parsed<Instance> parsed =
                ParseFunction.apply(
                        raw,
                        new InstanceParser(options.schemas()),
                        Instance.class,
                        options.maxRecordBytes(),
                        "parse-instances");
        TypeInformation<InstanceOrLabel> inputType = TypeInformation.of(InstanceOrLabel.class);
        DataStream<InstanceOrLabel> inputs =
                parsed.records()
                        .map(InstanceOrLabel::of, inputType)
                        .name("instances")
                        .uid("instances-as-inputs");
        DataStream<DeadLetter> deadLetters = parsed.deadLetters();
        if (rawLabels != null) {
            ParseFunction.Parsed<Label> labels =
                    ParseFunction.apply(
                            rawLabels,
                            new LabelParser(options.schemas()),
                            Label.class,
                            options.maxRecordBytes(),
                            "parse-labels");
            inputs =
                    inputs.union(
                            labels.records()
                                    .map(InstanceOrLabel::of, inputType)
                                    .name("labels")
                                    .uid("labels-as-inputs"));
            deadLetters = deadLetters.union(labels.deadLetters());
        }
        SingleOutputStreamOperator<Prediction> predictions =
                KeyedModelOperator.apply(
                        inputs.keyBy(InstanceOrLabel::stream),
                        MODEL_UID,
                        new PrequentialFunction(
                                options.learner(),
                                options.schemas(),
                                Objects.requireNonNullElse(options.topics().labels(), "labels")),
                        new PrequentialLearnerCodec(),
                        TypeInformation.of(Prediction.class),
                        options.models());
        return new Outputs(
                predictions,
                predictions.getSideOutput(PrequentialFunction.METRICS),
                deadLetters.union(predictions.getSideOutput(PrequentialFunction.UNMATCHED_LABELS)));
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
        return env.fromSource(
                        KafkaSources.raw(
                                options.bootstrapServers(),
                                options.groupId(),
                                options.startFrom(),
                                topic),
                        WatermarkStrategy.noWatermarks(),
                        "kafka-" + topic)
                .uid("kafka-source-labels");
    }

    /** The default source: the instances topic, unbounded. */
    public static KafkaSource<RawRecord> source(Options options) {
        return KafkaSources.raw(
                options.bootstrapServers(),
                options.groupId(),
                options.startFrom(),
                options.topics().instances());
    }

    /**
     * A source that reads the instances topic from its beginning to its end offsets at start-up,
     * then finishes (benchmarks, tests, back-fills).
     */
    public static KafkaSource<RawRecord> boundedSource(Options options) {
        return KafkaSources.rawBuilder(
                        options.bootstrapServers(),
                        options.groupId(),
                        KafkaSources.StartFrom.EARLIEST,
                        options.topics().instances())
                .setBounded(OffsetsInitializer.latest())
                .build();
    }

    /** Adds {@code source} to {@code env} with its stable uid. */
    public static DataStream<RawRecord> read(
            StreamExecutionEnvironment env, Options options, KafkaSource<RawRecord> source) {
        return env.fromSource(
                        source,
                        WatermarkStrategy.noWatermarks(),
                        "kafka-" + options.topics().instances())
                .uid("kafka-source-instances");
    }

    /** Writes every output to its topic through an exactly-once sink. */
    public static void sinkAll(Outputs out, Options options) {
        sink(
                out.predictions(),
                options,
                "predictions",
                options.topics().predictions(),
                RecordJson::prediction,
                Prediction::stream);
        sink(
                out.metrics(),
                options,
                "metrics",
                options.topics().metrics(),
                RecordJson::metrics,
                MetricsRecord::stream);
        // keyed by origin, so that the dead letters of all source partitions spread out
        sink(
                out.deadLetters(),
                options,
                "dead-letters",
                options.topics().deadLetters(),
                RecordJson::deadLetter,
                d -> d.topic() + "/" + d.partition() + "@" + d.offset());
    }

    /**
     * An exactly-once sink whose uid and transactional-id prefix name its role, not its topic: a
     * job restored with another topic name keeps its sink state and its transactions.
     */
    static <T> void sink(
            DataStream<T> stream,
            Options options,
            String role,
            String topic,
            SerializableFunction<T, byte[]> value,
            SerializableFunction<T, String> key) {
        sink(
                stream,
                options.bootstrapServers(),
                options.transactionalIdPrefix(),
                options.transactionTimeout(),
                options.brokerMaxTransactionTimeout(),
                role,
                topic,
                value,
                key);
    }

    /** The same for any job: Kafka servers, transactional id prefix and timeouts given. */
    static <T> void sink(
            DataStream<T> stream,
            String bootstrapServers,
            String transactionalIdPrefix,
            Duration transactionTimeout,
            Duration brokerMaxTransactionTimeout,
            String role,
            String topic,
            SerializableFunction<T, byte[]> value,
            SerializableFunction<T, String> key) {
        stream.sinkTo(
                        KafkaSinks.<T>builder()
                                .bootstrapServers(bootstrapServers)
                                .topic(topic)
                                .value(value)
                                .key(key)
                                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .transactionalIdPrefix(transactionalIdPrefix + "-" + role)
                                .transactionTimeout(transactionTimeout)
                                .brokerMaxTransactionTimeout(brokerMaxTransactionTimeout)
                                .build())
                .name("kafka-" + topic)
                .uid("kafka-sink-" + role);
    }
}
