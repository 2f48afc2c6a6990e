package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.ObservationParser;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.KafkaSinks;
import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.operators.rl.AgentSessionCodec;
import dev.streamlearn.operators.rl.AgentSpec;
import dev.streamlearn.operators.rl.flink.StreamAgentFunction;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming RL job: environments send observations to Kafka, one stream-x agent per agent key
 * (Elsayed, Vasan and Mahmood, 2024) assembles each transition from consecutive observations,
 * learns from it and answers with its next action. The loop is interactive, so actions go out
 * {@code AT_LEAST_ONCE} without lingering instead of waiting for a checkpoint; an environment drops
 * an action for a step it has already seen. Each agent's generator is part of its checkpointed
 * state, so after a restore the replayed observations yield the very same actions and every agent
 * ends where it would have without the failure. Observations that cannot be read or taken go to the
 * dead-letter topic exactly once.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
 * RlJob.wire(env, RlJob.Options.builder("localhost:9092",
 *         AgentSpec.forEnvironment("CartPole-v1", AgentSpec.Algo.Q, 0)).build());
 * env.execute("streamlearn-rl");
 * }</pre>
 */
public final class RlJob {
    public static final String NAME = "rl";

    /** The uid of the keyed-model operator that holds one agent per key. */
    public static final String MODEL_UID = "rl-agents";

    private RlJob() {}

    /**
     * @param settings Kafka, ids, record limit, agent cache, start position, transaction timeout
     *     (of the dead-letter sink)
     * @param topics topic names
     * @param spec the agent of every key
     * @param environment what the observations come from, for messages (e.g. CartPole-v1)
     * @param episodeTimeout an episode without a step for this long is abandoned
     * @param bufferTimeout how long Flink may hold records to fill a network buffer; the loop's
     *     round trip includes it, so the default is 0 (flush each record): on a busy 2-core machine
     *     1 ms doubled the median round trip
     */
    public record Options(
            JobSettings settings,
            RlTopics topics,
            AgentSpec spec,
            String environment,
            Duration episodeTimeout,
            Duration bufferTimeout) {

        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(environment, "environment");
            if (episodeTimeout.isNegative() || episodeTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "the episode timeout must be positive, got " + episodeTimeout);
            }
            if (bufferTimeout.isNegative()) {
                throw new IllegalArgumentException(
                        "the buffer timeout must be 0 (flush every record) or more, got "
                                + bufferTimeout);
            }
        }

        /** A builder with the defaults: topics, ids "streamlearn-rl", 2 min episode timeout. */
        public static Builder builder(String bootstrapServers, AgentSpec spec) {
            return new Builder(bootstrapServers, spec);
        }
    }

    /** Builds {@link Options}; everything but the Kafka servers and the agent has a default. */
    public static final class Builder extends JobOptionsBuilder<Builder> {
        private final AgentSpec spec;
        private RlTopics topics = RlTopics.defaults();
        private String environment = "the environment";
        private Duration episodeTimeout = Duration.ofMinutes(2);
        private Duration bufferTimeout = Duration.ZERO;

        private Builder(String bootstrapServers, AgentSpec spec) {
            super(bootstrapServers, NAME);
            this.spec = spec;
        }

        public Builder topics(RlTopics t) {
            this.topics = t;
            return this;
        }

        /** What the observations come from, named in dead letters (e.g. CartPole-v1). */
        public Builder environment(String name) {
            this.environment = name;
            return this;
        }

        public Builder episodeTimeout(Duration timeout) {
            this.episodeTimeout = timeout;
            return this;
        }

        public Builder bufferTimeout(Duration timeout) {
            this.bufferTimeout = timeout;
            return this;
        }

        public Options build() {
            return new Options(
                    settings(), topics, spec, environment, episodeTimeout, bufferTimeout);
        }
    }

    /**
     * The outputs of the pipeline.
     *
     * @param actions one action per observation that continues an episode
     * @param deadLetters every observation that could not be parsed or taken, with the reason
     */
    public record Outputs(DataStream<Action> actions, DataStream<DeadLetter> deadLetters) {}

    /** The processing, from raw observations to outputs; shared by {@link #wire} and the tests. */
    public static Outputs buildPipeline(DataStream<RawRecord> raw, Options options) {
        KeyedModelPipeline.Result<Action> r =
                KeyedModelPipeline.<Observation>withUidPrefix(
                                "", options.settings().maxRecordBytes())
                        .input(
                                raw,
                                new ObservationParser(
                                        options.spec().observationSize(), options.environment()),
                                Observation.class,
                                "observations")
                        .bufferTimeout(options.bufferTimeout().toMillis())
                        .model(
                                Observation::agent,
                                MODEL_UID,
                                new StreamAgentFunction(
                                        options.spec(),
                                        options.episodeTimeout(),
                                        options.topics().observations()),
                                new AgentSessionCodec(),
                                TypeInformation.of(Action.class),
                                options.settings().models());
        return new Outputs(
                r.outputs(),
                r.deadLetters()
                        .union(r.outputs().getSideOutput(StreamAgentFunction.REJECTED_STEPS)));
    }

    /** Kafka source, pipeline and sinks, added to {@code env}. */
    public static Outputs wire(StreamExecutionEnvironment env, Options options) {
        Outputs out = buildPipeline(read(env, options, source(options)), options);
        sinkAll(out, options);
        return out;
    }

    /** The observations topic, unbounded. */
    public static KafkaSource<RawRecord> source(Options options) {
        return options.settings()
                .sourceBuilder(options.topics().observations())
                // answer as soon as one record is there
                .setProperty("fetch.max.wait.ms", "100")
                .build();
    }

    /** Adds {@code source} to {@code env} with its stable uid. */
    public static DataStream<RawRecord> read(
            StreamExecutionEnvironment env, Options options, KafkaSource<RawRecord> source) {
        return options.settings()
                .read(env, source, options.topics().observations(), "kafka-source-observations")
                .setBufferTimeout(options.bufferTimeout().toMillis());
    }

    /**
     * Actions at least once and at once (no lingering: the environment waits for each), keyed by
     * agent so that one agent's actions stay in order; dead letters exactly once.
     */
    public static void sinkAll(Outputs out, Options options) {
        out.actions()
                .sinkTo(
                        KafkaSinks.<Action>builder()
                                .bootstrapServers(options.settings().bootstrapServers())
                                .properties(options.settings().kafka())
                                .topic(options.topics().actions())
                                .value(RecordJson::action)
                                .key(Action::agent)
                                .deliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .property("linger.ms", "0")
                                .build())
                .name("kafka-" + options.topics().actions())
                .uid("kafka-sink-actions");
        // not the classification jobs' uid, so that both can share one job graph (demo)
        options.settings()
                .sinkDeadLetters(
                        out.deadLetters(), "rl-dead-letters", options.topics().deadLetters());
    }
}
