package dev.streamlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.jobs.cli.Streamlearn;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.lifecycle.Startables;

/**
 * Streamlearn on a real Flink session cluster: Kafka, a JobManager and a TaskManager each in a
 * container (the images of docker/build-images.sh, host network). The jobs jar is uploaded and run
 * through the REST API, as {@code flink run} does; instances come from a plain Kafka producer and
 * predictions are read by a {@code read_committed} consumer. One test kills the TaskManager
 * container mid-stream and starts a new one: the job restarts from its last checkpoint and every
 * instance still has exactly one committed prediction.
 *
 * <p>Skipped where no Docker engine answers; run it alone with
 *
 * <pre>
 * docker/build-images.sh
 * mvn verify -pl e2e -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=FlinkSessionClusterITCase
 * </pre>
 */
@ExtendWith(LocalContainers.RequiresDocker.class)
@Testcontainers(disabledWithoutDocker = true)
class FlinkSessionClusterITCase {
    /** Failsafe runs in e2e/; the jobs module builds the jar beside it. */
    private static final Path JOBS_JAR = Path.of("..", "jobs", "target", "streamlearn-jobs.jar");

    private static final String MAIN = Streamlearn.class.getName();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    private static final int KAFKA_PORT = LocalContainers.freePort();
    private static final String BOOTSTRAP = "localhost:" + KAFKA_PORT;
    private static final LocalContainers.FlinkPorts PORTS = LocalContainers.FlinkPorts.free();

    private static Path checkpoints;
    private static GenericContainer<?> kafka;
    private static GenericContainer<?> jobManager;
    private static GenericContainer<?> taskManager;
    private static FlinkRest rest;
    private static String jarId;

    @BeforeAll
    static void startCluster() throws Exception {
        assertThat(JOBS_JAR)
                .as("the jobs jar (mvn package -pl jobs -am builds it)")
                .isRegularFile();
        checkpoints =
                Files.createTempDirectory(
                        Path.of(System.getProperty("java.io.tmpdir")), "session-checkpoints");
        kafka = LocalContainers.kafka(KAFKA_PORT);
        jobManager = LocalContainers.jobManager(PORTS, checkpoints);
        Startables.deepStart(kafka, jobManager).join();
        taskManager = LocalContainers.taskManager(PORTS, checkpoints);
        taskManager.start();
        rest = new FlinkRest(PORTS.restUrl());
        assertThat(rest.overview().path("slots-total").asInt()).isEqualTo(2);
        jarId = rest.uploadJar(JOBS_JAR);
    }

    @AfterAll
    static void stopCluster() {
        for (GenericContainer<?> c : new GenericContainer<?>[] {taskManager, jobManager, kafka}) {
            if (c != null) {
                c.stop();
            }
        }
    }

    @Test
    void driftMoeSubmittedThroughTheRestApiPredictsEveryInstanceOnce() throws Exception {
        String[] topics = {"dm-instances", "dm-predictions", "dm-metrics", "dm-dead"};
        LocalContainers.createTopics(BOOTSTRAP, 2, List.of(topics));
        String job = submit("driftmoe", "tc-driftmoe", topics);
        try {
            awaitRunning(job);

            Set<String> sent = produce(topics[0], 3, 1_000, 0);
            Map<String, Integer> predictions = awaitCommittedPredictions(topics[1], sent.size());
            assertThat(predictions.keySet()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(predictions)
                    .as("ids with more than one committed prediction")
                    .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));

            List<ConsumerRecord<byte[], byte[]>> models =
                    TopicReader.readToEnd(BOOTSTRAP, topics[1], true, READ_TIMEOUT);
            assertThat(Json.MAPPER.readTree(models.get(0).value()).get("model").asText())
                    .isEqualTo("driftmoe-data");
            List<ConsumerRecord<byte[], byte[]>> metrics =
                    TopicReader.readToEnd(BOOTSTRAP, topics[2], true, READ_TIMEOUT);
            assertThat(metrics).as("committed metrics records").isNotEmpty();
            JsonNode last = Json.MAPPER.readTree(metrics.get(metrics.size() - 1).value());
            // SEA with 10% label noise: well above chance after 1,000 instances per stream.
            assertThat(last.get("accuracy").asDouble()).isGreaterThan(0.7);

        } finally {
            cancel(job);
        }
    }

    @Test
    void killedTaskManagerLeavesExactlyOnePredictionPerInstance() throws Exception {
        String[] topics = {"ko-instances", "ko-predictions", "ko-metrics", "ko-dead"};
        LocalContainers.createTopics(BOOTSTRAP, 2, List.of(topics));
        String job = submit("prequential", "tc-taskmanager-kill", topics);
        try {
            awaitRunning(job);

            Set<String> sent = new HashSet<>(produce(topics[0], 4, 1_500, 0));
            // Mid-stream: once part of the output is committed, the TaskManager dies (SIGKILL).
            await().atMost(JOB_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> committedCount(topics[1]) >= 1_000);
            DockerClientFactory.instance()
                    .client()
                    .killContainerCmd(taskManager.getContainerId())
                    .withSignal("KILL")
                    .exec();
            taskManager.stop();
            sent.addAll(produce(topics[0], 4, 1_500, 1_500));
            taskManager = LocalContainers.taskManager(PORTS, checkpoints);
            taskManager.start();

            Map<String, Integer> predictions = awaitCommittedPredictions(topics[1], sent.size());
            assertThat(rest.failures(job))
                    .as("failures of the job")
                    .anySatisfy(f -> assertThat(f).contains("TaskManager"));
            assertThat(predictions.keySet()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(predictions)
                    .as("ids with more than one committed prediction")
                    .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        } finally {
            cancel(job);
        }
    }

    private static String submit(String command, String name, String[] topics)
            throws IOException, InterruptedException {
        return rest.run(
                jarId,
                MAIN,
                List.of(
                        "run",
                        command,
                        "--bootstrap-servers",
                        BOOTSTRAP,
                        "--schema",
                        "generators.SEAGenerator",
                        "--instances-topic",
                        topics[0],
                        "--predictions-topic",
                        topics[1],
                        "--metrics-topic",
                        topics[2],
                        "--dead-letters-topic",
                        topics[3],
                        "--metrics-every",
                        "500",
                        "--start-from",
                        "EARLIEST",
                        "--checkpoint-interval",
                        "1s",
                        "--job-name",
                        name),
                2);
    }

    private static void awaitRunning(String job) {
        await().atMost(JOB_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "RUNNING".equals(rest.state(job)) && rest.runningTasks(job) > 0);
    }

    /** Cancels the job, also after a failed test: its slots are the next test's. */
    private static void cancel(String job) throws IOException, InterruptedException {
        rest.cancel(job);
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "CANCELED".equals(rest.state(job)));
    }

    /**
     * Sends {@code perStream} labelled SEA instances for each of {@code streams} stream keys with a
     * plain Kafka producer, ids from {@code firstId}; returns the {@code stream/id}s sent.
     */
    private static Set<String> produce(String topic, int streams, int perStream, int firstId)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        Set<String> ids = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
                LabelledStream sea =
                        MoaGeneratorStream.open("generators.SEAGenerator -i " + (firstId + 1))) {
            List<String> classes = sea.schema().classValues();
            for (int i = firstId; i < firstId + perStream; i++) {
                for (int s = 0; s < streams; s++) {
                    LabelledStream.Example e = sea.next();
                    List<Object> x = new ArrayList<>();
                    for (double v : e.x()) {
                        x.add(v);
                    }
                    String stream = "s" + s;
                    String id = Integer.toString(i);
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    stream.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    RecordJson.instance(stream, id, i, x, classes.get(e.y()))));
                    ids.add(stream + "/" + id);
                }
            }
            producer.flush();
        }
        return ids;
    }

    private static int committedCount(String topic) {
        return TopicReader.readToEnd(BOOTSTRAP, topic, true, READ_TIMEOUT).size();
    }

    /** Waits until {@code expected} predictions are committed, then counts them per id. */
    private static Map<String, Integer> awaitCommittedPredictions(String topic, int expected)
            throws IOException {
        await().atMost(JOB_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> committedCount(topic) >= expected);
        Map<String, Integer> counts = new HashMap<>();
        for (var r : TopicReader.readToEnd(BOOTSTRAP, topic, true, READ_TIMEOUT)) {
            JsonNode n = Json.MAPPER.readTree(r.value());
            counts.merge(n.get("stream").asText() + "/" + n.get("id").asText(), 1, Integer::sum);
        }
        return counts;
    }
}
