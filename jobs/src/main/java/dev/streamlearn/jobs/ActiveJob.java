package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.KafkaSinks;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.records.ActiveMetricsRecord;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.LabelRequest;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.active.ActiveOperatorConfig;
import dev.streamlearn.operators.active.ActiveSessionCodec;
import dev.streamlearn.operators.active.flink.ActiveLearningFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The active-learning job: instances from Kafka are validated (bad ones to the dead-letter topic)
 * and predicted by an active learner per stream key, which asks for the labels worth their cost
 * within a budget: the requests go to the label-requests topic; the answers come back on the labels
 * topic, join their request by stream and id before a deadline in event time, and are learned.
 * Late, duplicate and unknown answers are dead letters with the reason. Predictions, requests,
 * metrics and dead letters go to Kafka exactly once.
 *
 * <p>Event time is the instances' {@code ts}: the watermark follows the instances only (labels
 * never hold it back), {@code outOfOrderness} behind the largest timestamp seen, and a subtask that
 * has seen no instance for {@code idleness} is marked idle.
 *
 * <pre>{@code
 * ActiveJob.wire(env, ActiveJob.Options.builder("localhost:9092", schemas).build());
 * env.execute("streamlearn-active");
 * }</pre>
 */
public final class ActiveJob {
    public static final String NAME = "active";

    /** The uid of the keyed-model operator that holds one active learner per stream key. */
    public static final String MODEL_UID = "active-learner";

    /**
     * Every operator uid of this job starts with this, so that its pipeline can share a job graph
     * with the prequential job's (as in the demo) and savepoints keep the two apart.
     */
    static final String UID_PREFIX = "active-";

    private ActiveJob() {}

    /**
     * @param settings Kafka, ids, record limit, model cache, start position, transaction timeout
     * @param topics instances, predictions, metrics, dead letters and labels (required)
     * @param labelRequests the label-requests topic
     * @param schemas schema of each stream key
     * @param learner the operator's configuration
     * @param outOfOrderness how far behind the largest instance timestamp the watermark stays
     * @param idleness a subtask without instances for this long does not hold the watermark back
     */
    public record Options(
            JobSettings settings,
            Topics topics,
            String labelRequests,
            SchemaCatalog schemas,
            ActiveOperatorConfig learner,
            Duration outOfOrderness,
            Duration idleness) {

        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(topics, "topics");
            if (topics.labels() == null) {
                throw new IllegalArgumentException(
                        "the active-learning job needs a labels topic: answers to its label"
                                + " requests come back there");
            }
            KafkaSources.requireText(labelRequests, "label-requests topic", "e.g. label-requests");
            List<String> all = new ArrayList<>(topics.all());
            all.add(labelRequests);
            Topics.requireDistinct(
                    all,
                    "the label requests must have a topic of their own (--label-requests-topic)");
            Objects.requireNonNull(schemas, "schemas");
            Objects.requireNonNull(learner, "learner");
            if (outOfOrderness == null || outOfOrderness.isNegative()) {
                throw new IllegalArgumentException(
                        "outOfOrderness must be zero or more, got " + outOfOrderness);
            }
            if (idleness == null || idleness.isNegative() || idleness.isZero()) {
                throw new IllegalArgumentException("idleness must be positive, got " + idleness);
            }
        }

        /** Every topic the job reads or writes. */
        public List<String> allTopics() {
            List<String> all = new ArrayList<>(topics.all());
            all.add(labelRequests);
            return all;
        }

        public static Builder builder(String bootstrapServers, SchemaCatalog schemas) {
            return new Builder(bootstrapServers, schemas);
        }
    }

    /** Builds {@link Options}; everything but the Kafka servers and the schemas has a default. */
    public static final class Builder extends JobOptionsBuilder<Builder> {
        private final SchemaCatalog schemas;
        private Topics topics = Topics.defaults().withLabels("labels");
        private String labelRequests = "label-requests";
        private ActiveOperatorConfig learner = ActiveOperatorConfig.defaults();
        private Duration outOfOrderness = Duration.ofSeconds(1);
        private Duration idleness = Duration.ofSeconds(5);

        private Builder(String bootstrapServers, SchemaCatalog schemas) {
            super(bootstrapServers, NAME);
            this.schemas = schemas;
        }

        /** The classification topics (with a labels topic) and the label-requests topic. */
        public Builder topics(Topics t, String requests) {
            this.topics = t;
            this.labelRequests = requests;
            return this;
        }

        public Builder learner(ActiveOperatorConfig l) {
            this.learner = l;
            return this;
        }

        public Builder watermarks(Duration outOfOrder, Duration idle) {
            this.outOfOrderness = outOfOrder;
            this.idleness = idle;
            return this;
        }

        public Options build() {
            return new Options(
                    settings(), topics, labelRequests, schemas, learner, outOfOrderness, idleness);
        }
    }

    /**
     * The outputs of the pipeline.
     *
     * @param predictions one prediction per valid instance
     * @param labelRequests the labels asked for
     * @param metrics periodic figures per stream
     * @param deadLetters bad records, and late, duplicate and unknown labels, with the reason
     */
    public record Outputs(
            DataStream<Prediction> predictions,
            DataStream<LabelRequest> labelRequests,
            DataStream<ActiveMetricsRecord> metrics,
            DataStream<DeadLetter> deadLetters) {}

    /** The processing, from raw instances and raw labels to outputs. */
    public static Outputs buildPipeline(
            DataStream<RawRecord> raw, DataStream<RawRecord> rawLabels, Options options) {
        KeyedModelPipeline.Result<Prediction> r =
                ClassificationInputs.pipeline(
                                raw, rawLabels, options.schemas(), options.settings(), UID_PREFIX)
                        .watermarks(
                                watermarks(options.outOfOrderness(), options.idleness()),
                                "instance-time")
                        .model(
                                InstanceOrLabel::stream,
                                MODEL_UID,
                                new ActiveLearningFunction(
                                        options.learner(),
                                        options.schemas(),
                                        options.topics().labels()),
                                new ActiveSessionCodec(),
                                TypeInformation.of(Prediction.class),
                                options.settings().models());
        return new Outputs(
                r.outputs(),
                r.outputs().getSideOutput(ActiveLearningFunction.LABEL_REQUESTS),
                r.outputs().getSideOutput(ActiveLearningFunction.METRICS),
                r.deadLetters()
                        .union(r.outputs().getSideOutput(ActiveLearningFunction.REJECTED_LABELS)));
    }

    /**
     * Event time from the instances' {@code ts}; labels keep their Kafka timestamp and never move
     * the watermark. A subtask that has seen no instance for {@code idleness} is marked idle.
     */
    public static WatermarkStrategy<InstanceOrLabel> watermarks(
            Duration outOfOrderness, Duration idleness) {
        long behind = outOfOrderness.toMillis();
        long idleNanos = idleness.toNanos();
        return WatermarkStrategy.<InstanceOrLabel>forGenerator(
                        ctx -> new InstanceWatermarks(behind, idleNanos))
                .withTimestampAssigner(
                        (r, recordTs) -> r.instance() != null ? r.instance().ts() : recordTs);
    }

    /** The watermark generator of {@link #watermarks}. */
    static final class InstanceWatermarks implements WatermarkGenerator<InstanceOrLabel> {
        private final long behind;
        private final long idleNanos;
        private long max = Long.MIN_VALUE;
        private long lastInstance = System.nanoTime();

        InstanceWatermarks(long behind, long idleNanos) {
            this.behind = behind;
            this.idleNanos = idleNanos;
        }

        @Override
        public void onEvent(InstanceOrLabel event, long timestamp, WatermarkOutput output) {
            if (event.instance() != null) {
                max = Math.max(max, timestamp);
                lastInstance = System.nanoTime();
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (max == Long.MIN_VALUE || System.nanoTime() - lastInstance > idleNanos) {
                output.markIdle();
            } else {
                output.emitWatermark(new Watermark(max - behind - 1));
            }
        }
    }

    /** Kafka sources, pipeline and exactly-once Kafka sinks, added to {@code env}. */
    public static Outputs wire(StreamExecutionEnvironment env, Options options) {
        Outputs out = buildPipeline(read(env, options), readLabels(env, options), options);
        sinkAll(out, options);
        return out;
    }

    /** The instances topic, with its stable uid. */
    public static DataStream<RawRecord> read(StreamExecutionEnvironment env, Options options) {
        return options.settings()
                .read(env, options.topics().instances(), UID_PREFIX + "kafka-source-instances");
    }

    /** The labels topic, with its stable uid. */
    public static DataStream<RawRecord> readLabels(
            StreamExecutionEnvironment env, Options options) {
        return options.settings()
                .read(env, options.topics().labels(), UID_PREFIX + "kafka-source-labels");
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
                out.labelRequests(),
                options,
                "label-requests",
                options.labelRequests(),
                RecordJson::labelRequest,
                LabelRequest::stream);
        sink(
                out.metrics(),
                options,
                "metrics",
                options.topics().metrics(),
                RecordJson::activeMetrics,
                ActiveMetricsRecord::stream);
        options.settings()
                .sinkDeadLetters(
                        out.deadLetters(),
                        UID_PREFIX + "dead-letters",
                        options.topics().deadLetters());
    }

    /**
     * An exactly-once sink whose records are stamped when written: the pipeline's timestamps are
     * the instances' event time, and outputs of old events would otherwise fall to the topic's
     * retention as soon as they are written.
     */
    private static <T> void sink(
            DataStream<T> stream,
            Options options,
            String role,
            String topic,
            SerializableFunction<T, byte[]> value,
            SerializableFunction<T, String> key) {
        options.settings()
                .sinkExactlyOnce(
                        stream, UID_PREFIX + role, topic, value, key, KafkaSinks.RecordTime.WRITE);
    }
}
