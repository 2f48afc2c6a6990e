package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.ModelSnapshotParser;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.json.TppEventParser;
import dev.streamlearn.connectors.kafka.KafkaSinks;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.ParseFunction;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.connectors.records.TppMetrics;
import dev.streamlearn.connectors.records.TppScore;
import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.operators.tpp.EntityHistoryCodec;
import dev.streamlearn.operators.tpp.TppQuery;
import dev.streamlearn.operators.tpp.flink.EntityHistoryFunction;
import dev.streamlearn.operators.tpp.flink.TppScoringFunction;
import dev.streamlearn.operators.tpp.flink.TppTrainingFunction;
import dev.streamlearn.operators.tpp.flink.TppWindowMetricsFunction;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import dev.streamlearn.operators.tpp.online.OnlineTppLearnerCodec;
import dev.streamlearn.state.global.GlobalModelOperator;
import dev.streamlearn.state.global.GlobalModelOptions;
import dev.streamlearn.state.keyed.KeyedModelOperator;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The point-process job (PromptTPP in Flink): events of many entities are scored, the moment they
 * arrive, by one global model (log-likelihood given the entity's history, the expected time and
 * type of its next event), while the model keeps learning from windows of the stream.
 *
 * <ul>
 *   <li>{@code tpp-history}: each entity's last events in keyed state (the keyed-model operator,
 *       expired when the entity goes quiet); an out-of-order event becomes a dead letter.
 *   <li>{@code tpp-score}: the global model in broadcast state, events scored in batches across
 *       entities ({@link GlobalModelOperator}); every subtask takes each new version as it comes.
 *   <li>{@code tpp-train}: at parallelism 1, windows (event time, or a count) trained on a copy of
 *       the model, prompt pool included, on a thread of its own; each result is published as the
 *       next version on the compacted model topic, from which {@code tpp-score} reads it back.
 *   <li>{@code tpp-metrics}: per event-time window, NLL per event, its gap to the truth when the
 *       events carry it, RMSE and type error.
 * </ul>
 *
 * <p>A model trained offline ({@link TppModelFile}) starts a fresh job through the model config's
 * starting model ({@code OnlineTppConfig.withStartingModel}): both {@code tpp-score} and {@code
 * tpp-train} start from it at its version, so the first window trains it into the next version; a
 * restored job goes on with the models of its state.
 *
 * <pre>{@code
 * TppJob.wire(env, TppJob.Options.builder("localhost:9092", List.of("a", "b", "c")).build());
 * env.execute("streamlearn-tpp");
 * }</pre>
 */
public final class TppJob {
    public static final String NAME = "tpp";

    /** What the uids of this job's operators start with ({@code <job>-<role>}). */
    static final String UID_PREFIX = NAME + "-";

    /** How long an entity without events is remembered when no idle timeout is given. */
    public static final Duration DEFAULT_ENTITY_IDLE_TIMEOUT = Duration.ofDays(7);

    private TppJob() {}

    /**
     * @param settings Kafka, ids, record limit, start position, transaction timeout
     * @param topics topic names
     * @param types the declared event types, in order
     * @param model the network, the windows and the training, and the model to start from
     * @param modelName the model's name on the model topic
     * @param scoring batch size and wait of the scoring
     * @param device where the scoring's model runs (a TaskManager's GPU when offered and allowed)
     * @param entityIdleTimeout an entity without events this long is forgotten (null: never)
     * @param maxDelay how far behind the newest event the watermark stays
     * @param metricsWindow the event-time window of the metrics
     */
    public record Options(
            JobSettings settings,
            TppTopics topics,
            List<String> types,
            OnlineTppConfig model,
            String modelName,
            GlobalModelOptions scoring,
            DevicePreference device,
            Duration entityIdleTimeout,
            Duration maxDelay,
            Duration metricsWindow) {
        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(topics, "topics");
            types = List.copyOf(types);
            if (types.size() != model.model().types()) {
                throw new IllegalArgumentException(
                        String.format(
                                "%d event types declared %s but the model is built for %d",
                                types.size(), types, model.model().types()));
            }
            Objects.requireNonNull(scoring, "scoring");
            Objects.requireNonNull(device, "device");
            if (maxDelay.isNegative() || metricsWindow.isZero() || metricsWindow.isNegative()) {
                throw new IllegalArgumentException(
                        "the watermark delay must be >= 0 and the metrics window > 0");
            }
        }

        /** A builder with the defaults for {@code types}: prompt pool, 100 s windows. */
        public static Builder builder(String bootstrapServers, List<String> types) {
            return new Builder(bootstrapServers, types);
        }
    }

    /** Builds {@link Options}; everything but the Kafka servers and the types has a default. */
    public static final class Builder extends JobOptionsBuilder<Builder> {
        private final List<String> types;
        private TppTopics topics = TppTopics.defaults();
        private OnlineTppConfig model;
        private GlobalModelOptions scoring = GlobalModelOptions.defaults();
        private DevicePreference device = DevicePreference.AUTO;
        private Duration entityIdleTimeout;
        private Duration maxDelay = Duration.ZERO;
        private Duration metricsWindow;

        private Builder(String bootstrapServers, List<String> types) {
            super(bootstrapServers, NAME);
            this.types = types;
            this.model = OnlineTppConfig.defaults(types.size(), true, 2026);
        }

        public Builder topics(TppTopics t) {
            this.topics = t;
            return this;
        }

        public Builder model(OnlineTppConfig m) {
            this.model = m;
            return this;
        }

        public Builder scoring(GlobalModelOptions s) {
            this.scoring = s;
            return this;
        }

        /** Where the scoring's model runs; {@link DevicePreference#AUTO} by default. */
        public Builder device(DevicePreference d) {
            this.device = d;
            return this;
        }

        /**
         * How long an entity without events is remembered; by default the models' idle timeout
         * ({@code --idle-timeout}) when one is given, else {@link #DEFAULT_ENTITY_IDLE_TIMEOUT}.
         */
        public Builder entityIdleTimeout(Duration d) {
            this.entityIdleTimeout = d;
            return this;
        }

        public Builder maxDelay(Duration d) {
            this.maxDelay = d;
            return this;
        }

        /** The metrics' window; by default the training window (100 s when windows are counted). */
        public Builder metricsWindow(Duration d) {
            this.metricsWindow = d;
            return this;
        }

        public Options build() {
            Duration metrics =
                    metricsWindow != null
                            ? metricsWindow
                            : Duration.ofMillis(
                                    model.windowMillis() > 0 ? model.windowMillis() : 100_000);
            return new Options(
                    settings(),
                    topics,
                    types,
                    model,
                    NAME,
                    scoring,
                    device,
                    entityIdleTimeout != null
                            ? entityIdleTimeout
                            : Objects.requireNonNullElse(
                                    settings().models().idleTimeout(), DEFAULT_ENTITY_IDLE_TIMEOUT),
                    maxDelay,
                    metrics);
        }
    }

    /**
     * The outputs of the pipeline.
     *
     * @param scores one per event that was read and in order
     * @param metrics one per event-time window
     * @param models every new version the training published
     * @param deadLetters every event (or snapshot) that could not be read or was out of order
     */
    public record Outputs(
            DataStream<TppScore> scores,
            DataStream<TppMetrics> metrics,
            DataStream<ModelSnapshot> models,
            DataStream<DeadLetter> deadLetters) {}

    /** The processing, from raw events and raw snapshots to outputs; shared by main and tests. */
    public static Outputs buildPipeline(
            DataStream<RawRecord> events, DataStream<RawRecord> snapshots, Options options) {
        JobSettings s = options.settings();
        OnlineTppConfig config = options.model();
        KeyedModelOptions histories = s.models().withIdleTimeout(options.entityIdleTimeout());
        KeyedModelPipeline.Result<TppQuery> h =
                KeyedModelPipeline.<TppEvent>withUidPrefix(UID_PREFIX, s.maxRecordBytes())
                        .input(
                                events,
                                new TppEventParser(options.types()),
                                TppEvent.class,
                                "events")
                        .watermarks(watermarks(options.maxDelay()), "event-time")
                        .model(
                                TppEvent::entity,
                                UID_PREFIX + "history",
                                new EntityHistoryFunction(
                                        config.historyLength(),
                                        options.types(),
                                        options.topics().events()),
                                new EntityHistoryCodec(),
                                TypeInformation.of(TppQuery.class),
                                histories);
        ParseFunction.Parsed<ModelSnapshot> parsedModels =
                ParseFunction.apply(
                        snapshots,
                        new ModelSnapshotParser(options.modelName()),
                        ModelSnapshot.class,
                        MAX_SNAPSHOT_BYTES,
                        UID_PREFIX + "parse-models");
        SingleOutputStreamOperator<TppScore> scores =
                GlobalModelOperator.apply(
                        h.outputs(),
                        parsedModels.records(),
                        UID_PREFIX + "score",
                        new TppScoringFunction(config, options.types(), options.device()),
                        TypeInformation.of(ModelSnapshot.class),
                        TypeInformation.of(TppScore.class),
                        options.scoring());
        String modelName = options.modelName();
        KeySelector<TppQuery, String> global = q -> modelName;
        SingleOutputStreamOperator<ModelSnapshot> models =
                KeyedModelOperator.apply(
                                h.outputs().keyBy(global),
                                UID_PREFIX + "train",
                                new TppTrainingFunction(config, modelName),
                                new OnlineTppLearnerCodec(),
                                TypeInformation.of(ModelSnapshot.class),
                                KeyedModelOptions.defaults().withMaxCachedModels(1))
                        .setParallelism(1);
        SingleOutputStreamOperator<TppMetrics> metrics =
                scores.windowAll(TumblingEventTimeWindows.of(options.metricsWindow()))
                        .aggregate(
                                new TppWindowMetricsFunction.Aggregate(),
                                new TppWindowMetricsFunction.Figures())
                        .name("tpp-metrics")
                        .uid(UID_PREFIX + "metrics");
        DataStream<DeadLetter> dead =
                h.deadLetters()
                        .union(
                                h.outputs().getSideOutput(EntityHistoryFunction.OUT_OF_ORDER),
                                parsedModels.deadLetters());
        return new Outputs(scores, metrics, models, dead);
    }

    /** Snapshots up to this size are read from the model topic (a prompt model is about 0.6 MB). */
    public static final int MAX_SNAPSHOT_BYTES = 16 << 20;

    /**
     * Event time is the events' {@code ts}; the watermark stays {@code maxDelay} behind. No
     * idleness: a partition without events holds the watermark (and so the metrics windows and the
     * training windows by time) back, as Flink does by default.
     */
    static WatermarkStrategy<TppEvent> watermarks(Duration maxDelay) {
        return WatermarkStrategy.<TppEvent>forBoundedOutOfOrderness(maxDelay)
                .withTimestampAssigner((e, t) -> e.ts());
    }

    /** Kafka sources, pipeline and sinks, added to {@code env}. */
    public static Outputs wire(StreamExecutionEnvironment env, Options options) {
        Outputs out = buildPipeline(read(env, options), models(env, options), options);
        sinkAll(out, options);
        return out;
    }

    /** The events topic, with its stable uid. */
    public static DataStream<RawRecord> read(StreamExecutionEnvironment env, Options options) {
        return options.settings()
                .read(env, options.topics().events(), UID_PREFIX + "kafka-source-events");
    }

    /**
     * The model topic from its beginning (a compacted topic: the newest versions), read_committed,
     * at parallelism 1; after a restore, from the checkpointed offsets.
     */
    public static DataStream<RawRecord> models(StreamExecutionEnvironment env, Options options) {
        JobSettings s = options.settings();
        String topic = options.topics().models();
        return s.read(
                        env,
                        s.sourceBuilder(
                                        topic,
                                        s.groupId() + "-models",
                                        KafkaSources.StartFrom.EARLIEST)
                                .setProperty(
                                        "max.partition.fetch.bytes",
                                        Integer.toString(MAX_SNAPSHOT_BYTES))
                                .build(),
                        topic,
                        UID_PREFIX + "kafka-source-models")
                .setParallelism(1);
    }

    /**
     * Scores, metrics, model versions and dead letters, all exactly once, each record stamped with
     * the time it was written. Their Flink timestamps are the events' own {@code ts} (in the
     * records too), which may lie far in the past (a backfill, a recorded stream): Kafka timestamps
     * older than a topic's {@code retention.ms} are deleted at the broker's next retention check,
     * committed or not.
     */
    public static void sinkAll(Outputs out, Options options) {
        JobSettings s = options.settings();
        TppTopics t = options.topics();
        List<String> types = options.types();
        s.sinkExactlyOnce(
                out.scores(),
                UID_PREFIX + "scores",
                t.scores(),
                sc -> RecordJson.tppScore(sc, types),
                TppScore::entity,
                KafkaSinks.RecordTime.WRITE);
        s.sinkExactlyOnce(
                out.metrics(),
                UID_PREFIX + "metrics",
                t.metrics(),
                RecordJson::tppMetrics,
                m -> Long.toString(m.windowStart()),
                KafkaSinks.RecordTime.WRITE);
        s.sinkExactlyOnce(
                out.models(),
                UID_PREFIX + "models",
                t.models(),
                RecordJson::modelSnapshot,
                ModelSnapshot::model,
                KafkaSinks.RecordTime.WRITE);
        s.sinkDeadLetters(out.deadLetters(), UID_PREFIX + "dead-letters", t.deadLetters());
    }
}
