package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.jobs.rl.EnvironmentRunner;
import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.rl.AgentSession;
import dev.streamlearn.operators.rl.AgentSessionCodec;
import dev.streamlearn.operators.rl.AgentSpec;
import dev.streamlearn.state.runtime.RuntimeSettings;
import dev.streamlearn.state.savepoint.SavepointInspector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RL job in a MiniCluster (RocksDB, 500 ms checkpoints, parallelism 2) against a real broker,
 * with in-process CartPole environments that play through Kafka: once with a failure injected
 * mid-run and once without. The replay after the restore re-emits exactly the actions sent before
 * (the environments drop them), every agent learns every transition once, and its parameters,
 * traces, statistics and generator in the final savepoint equal those of the failure-free run byte
 * for byte. Bad and misplaced observations are committed dead letters with their reason.
 */
class RlJobITCase {
    private static final int AGENTS = 4;
    private static final int STEPS_PER_AGENT = 1_500;
    private static final AgentSpec SPEC =
            AgentSpec.forEnvironment("CartPole-v1", AgentSpec.Algo.Q, 3);

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    @RegisterExtension static final TestClusters.Kafka KAFKA = new TestClusters.Kafka();

    @Test
    void agentsPlayThroughKafkaAndEndAsWithoutTheFailure(@TempDir Path dir) throws Exception {
        Run failing = run("rl-fail", true, dir.resolve("failing"));
        assertThat(failing.failure().injected()).as("the failure was injected").isTrue();
        Run clean = run("rl-clean", false, dir.resolve("clean"));

        for (Run r : List.of(failing, clean)) {
            assertThat(r.env().steps()).isEqualTo((long) AGENTS * STEPS_PER_AGENT);
            assertThat(r.env().timeouts()).as("episodes abandoned by the environment").isZero();
            assertThat(r.env().episodes()).isNotEmpty();
            assertThat(r.env().roundTripNanos()).hasSize(AGENTS * STEPS_PER_AGENT);
        }
        // The replay after the restore re-sent actions the environments had already taken, each
        // identical to the first copy, and the environments dropped them.
        Map<String, List<String>> byStep = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : failing.actions()) {
            JsonNode a = Json.MAPPER.readTree(r.value());
            String key = a.get("agent").asText() + "/" + a.get("episode") + "/" + a.get("step");
            byStep.computeIfAbsent(key, k -> new ArrayList<>()).add(a.get("action").toString());
        }
        long resent = byStep.values().stream().filter(v -> v.size() > 1).count();
        assertThat(resent).as("actions sent again after the restore").isPositive();
        assertThat(byStep.values()).allSatisfy(v -> assertThat(v).containsOnly(v.get(0)));
        assertThat(failing.env().duplicates()).isPositive();
        assertThat(clean.env().duplicates()).isZero();
        // both runs' environments saw the same episodes, so they were sent the same actions
        assertThat(episodes(failing.env())).isEqualTo(episodes(clean.env()));

        assertThat(failing.agents().keySet())
                .isEqualTo(clean.agents().keySet())
                .contains("a0", "a1", "a2", "a3", "intruder");
        for (String key : clean.agents().keySet()) {
            assertThat(failing.agents().get(key))
                    .as("agent " + key)
                    .isEqualTo(clean.agents().get(key));
        }
        AgentSessionCodec codec = new AgentSessionCodec();
        for (var m : SavepointInspector.open(failing.savepoint()).models(RlJob.MODEL_UID)) {
            AgentSession s = codec.decode(m.bytes());
            if (!m.key().equals("intruder")) {
                assertThat(s.agent().steps())
                        .as("transitions learned by " + m.key())
                        .isEqualTo(STEPS_PER_AGENT);
            }
        }

        List<String> reasons = new ArrayList<>();
        for (var r :
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(),
                        "rl-fail-dead",
                        true,
                        Duration.ofSeconds(30))) {
            reasons.add(Json.MAPPER.readTree(r.value()).get("error").asText());
        }
        assertThat(reasons)
                .hasSize(5)
                .anySatisfy(e -> assertThat(e).startsWith("malformed JSON"))
                .anySatisfy(e -> assertThat(e).contains("obs has 3 values but CartPole-v1"))
                .anySatisfy(e -> assertThat(e).contains("'intruder': duplicate: step 0"))
                .anySatisfy(e -> assertThat(e).contains("out of order: step 3 of episode 0"))
                .anySatisfy(e -> assertThat(e).contains("unknown episode: step 2 of episode 7"));
    }

    /** Each agent's episodes, lengths and returns, without the timing. */
    private static List<String> episodes(EnvironmentRunner.Result r) {
        return r.episodes().stream()
                .map(
                        e ->
                                e.agent()
                                        + "/"
                                        + e.episode()
                                        + ": "
                                        + e.length()
                                        + " "
                                        + e.episodeReturn())
                .sorted()
                .toList();
    }

    /** A run; {@code failure} is null when none was injected. */
    private record Run(
            EnvironmentRunner.Result env,
            Path savepoint,
            Map<String, byte[]> agents,
            List<ConsumerRecord<byte[], byte[]>> actions,
            FailOnceAfterCheckpoint<RawRecord> failure) {}

    /**
     * Runs the job and {@link #AGENTS} CartPole environments until each took {@link
     * #STEPS_PER_AGENT} steps and the job checkpointed past every observation, then stops the job
     * with a savepoint.
     */
    private static Run run(String prefix, boolean fail, Path dir) throws Exception {
        RlTopics topics = new RlTopics(prefix + "-obs", prefix + "-actions", prefix + "-dead");
        KAFKA.broker().createTopics(2, topics.all());
        sendBadObservations(topics.observations());
        Configuration conf =
                RuntimeSettings.defaults()
                        .withCheckpointInterval(Duration.ofMillis(500))
                        .withCheckpointDir(dir.resolve("checkpoints"))
                        .withRestarts(3, Duration.ofMillis(200))
                        .withTmpDir(dir.resolve("tmp"))
                        .toConfiguration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        RlJob.Options options =
                RlJob.Options.builder(KAFKA.broker().bootstrapServers(), SPEC)
                        .topics(topics)
                        .environment("CartPole-v1")
                        .ids(prefix, prefix)
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        // far beyond the test: a timeout would make the runs differ
                        .episodeTimeout(Duration.ofMinutes(10))
                        .build();
        DataStream<RawRecord> raw = RlJob.read(env, options, RlJob.source(options));
        FailOnceAfterCheckpoint<RawRecord> failure =
                fail ? new FailOnceAfterCheckpoint<>(400) : null;
        if (failure != null) {
            raw = raw.map(failure).uid("fail-once");
        }
        RlJob.sinkAll(RlJob.buildPipeline(raw, options), options);
        JobClient job = env.executeAsync(prefix);

        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        EnvironmentRunner.Result result =
                new EnvironmentRunner(
                                EnvironmentRunner.Config.of("CartPole-v1", AGENTS)
                                        .withLimits(STEPS_PER_AGENT, 0)
                                        .withSeed(11),
                                KAFKA.broker().bootstrapServers(),
                                topics)
                        .run(() -> System.nanoTime() > deadline, null);
        JobRuns.awaitConsumedToTheEnd(
                KAFKA.broker().clientProperties(), prefix, topics.observations());
        Path path = JobRuns.stopWithSavepoint(job, dir);
        Map<String, byte[]> agents = new TreeMap<>();
        AgentSessionCodec codec = new AgentSessionCodec();
        for (var m : SavepointInspector.open(path).models(RlJob.MODEL_UID)) {
            agents.put(m.key(), ModelCodecs.ALL.encode(codec.decode(m.bytes()).agent()));
        }
        List<ConsumerRecord<byte[], byte[]>> actions =
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(),
                        topics.actions(),
                        false,
                        Duration.ofSeconds(30));
        return new Run(result, path, agents, actions, failure);
    }

    /**
     * Five observations no agent can take, around one valid step 0 of agent "intruder": malformed
     * JSON, a wrong size, a duplicate, a gap and a step of an episode never started.
     */
    private static void sendBadObservations(String topic) {
        String ok =
                "{\"agent\":\"intruder\",\"episode\":0,\"step\":%d,\"obs\":[0.01,0.02,0.03,0.04]%s}";
        List<String> records =
                List.of(
                        "{not json",
                        "{\"agent\":\"intruder\",\"episode\":0,\"step\":0,\"obs\":[0,0,0]}",
                        String.format(ok, 0, ""),
                        String.format(ok, 0, ""),
                        String.format(ok, 3, ",\"reward\":1"),
                        "{\"agent\":\"intruder\",\"episode\":7,\"step\":2,"
                                + "\"obs\":[0.01,0.02,0.03,0.04],\"reward\":1}");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (String r : records) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                "intruder".getBytes(StandardCharsets.UTF_8),
                                r.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
