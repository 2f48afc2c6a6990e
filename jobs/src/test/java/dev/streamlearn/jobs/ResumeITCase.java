package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamlearn run prequential} as a user runs it, in its own JVM against a real broker:
 * killed with SIGKILL mid-stream and started again with the same command, it continues with the
 * same models (every prediction's model version is the number of labels its stream has taught up to
 * and with it, across the kill) and its committed predictions have no gap and no duplicate; SIGTERM
 * (as Ctrl-C) stops it with a savepoint; a start with another learner is refused with a message
 * that says what changed.
 */
class ResumeITCase {
    private static final int STREAMS = 3;
    private static final int PER_STREAM_BEFORE = 10_000;
    private static final int PER_STREAM_AFTER = 5_000;

    @RegisterExtension static final TestClusters.Kafka KAFKA = new TestClusters.Kafka();

    @TempDir Path dir;

    private final Map<String, StreamlearnProcess> processes = new HashMap<>();

    @Test
    void aKilledJobResumesItsModelsWithoutGapOrDuplicate() throws Exception {
        KAFKA.broker().createTopics(2, "rs-in", "rs-predictions", "rs-metrics", "rs-dead");
        LabelledStream sea = MoaGeneratorStream.open("generators.SEAGenerator -i 4");
        Path out = dir.resolve("out");
        TestInstances.produce(
                KAFKA.broker().bootstrapServers(), "rs-in", sea, STREAMS, 0, PER_STREAM_BEFORE);

        Process first = start(out, "trees.HoeffdingTree", "first");
        await("predictions committed and a checkpoint retained before the kill")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> committed().size() >= 3_000 && hasCheckpoint(out));
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int beforeKill = committed().size();

        TestInstances.produce(
                KAFKA.broker().bootstrapServers(),
                "rs-in",
                sea,
                STREAMS,
                PER_STREAM_BEFORE,
                PER_STREAM_AFTER);
        int total = STREAMS * (PER_STREAM_BEFORE + PER_STREAM_AFTER);
        Process second = start(out, "trees.HoeffdingTree", "second");
        await("all predictions committed after the restart")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> committed().size() >= total || !second.isAlive());
        assertThat(second.isAlive()).as("the second run is alive; " + log("second")).isTrue();
        second.destroy(); // SIGTERM, as Ctrl-C: stop with a savepoint
        assertThat(second.waitFor(3, TimeUnit.MINUTES)).as("stopped in time").isTrue();
        assertThat(second.exitValue()).as(log("second")).isZero();
        assertThat(log("second")).contains("resuming from").contains("stopped with savepoint");

        List<ConsumerRecord<byte[], byte[]>> predictions = committed();
        Map<String, Long> versionById = new HashMap<>();
        for (var r : predictions) {
            JsonNode p = Json.MAPPER.readTree(r.value());
            String id = p.get("id").asText();
            assertThat(versionById.put(id, p.get("version").asLong()))
                    .as("a second prediction of " + id)
                    .isNull();
        }
        assertThat(beforeKill).as("killed mid-stream").isLessThan(total);
        assertThat(versionById).as("committed predictions").hasSize(total);
        for (int s = 0; s < STREAMS; s++) {
            for (int i = 0; i < PER_STREAM_BEFORE + PER_STREAM_AFTER; i++) {
                assertThat(versionById.get(TestInstances.id(s, i)))
                        .as("model version when %s was predicted", TestInstances.id(s, i))
                        .isEqualTo(i + 1);
            }
        }
        try (Stream<Path> savepoints = Files.list(out.resolve("savepoints"))) {
            assertThat(savepoints).as("the stop's savepoint").hasSize(1);
        }

        Process other = start(out, "bayes.NaiveBayes", "other");
        assertThat(other.waitFor(2, TimeUnit.MINUTES)).as("refused at once").isTrue();
        printTold("second");
        printTold("other");
        assertThat(other.exitValue()).isNotZero();
        assertThat(log("other"))
                .contains("--learner: was trees.HoeffdingTree, now bayes.NaiveBayes")
                .contains("--fresh");
    }

    private Process start(Path out, String learner, String name) throws IOException {
        StreamlearnProcess p =
                StreamlearnProcess.start(
                        dir.resolve(name + ".log"),
                        List.of(),
                        List.of(
                                "run",
                                "prequential",
                                "--bootstrap-servers",
                                KAFKA.broker().bootstrapServers(),
                                "--schema",
                                "generators.SEAGenerator",
                                "--learner",
                                learner,
                                "--instances-topic",
                                "rs-in",
                                "--predictions-topic",
                                "rs-predictions",
                                "--metrics-topic",
                                "rs-metrics",
                                "--dead-letters-topic",
                                "rs-dead",
                                "--job-name",
                                "resume-test",
                                "--start-from",
                                "EARLIEST",
                                "--checkpoint-interval",
                                "1s",
                                "--web-port",
                                Integer.toString(StreamlearnProcess.freePort()),
                                "--out",
                                out.toString()));
        processes.put(name, p);
        return p.process();
    }

    /** What the run told its user (not Flink's log lines). */
    private void printTold(String name) {
        processes.get(name).told().forEach(l -> System.out.println(name + "> " + l));
    }

    private String log(String name) {
        return processes.get(name).output();
    }

    private static boolean hasCheckpoint(Path out) throws IOException {
        Path checkpoints = out.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> s = Files.find(checkpoints, 3, (p, a) -> p.endsWith("_metadata"))) {
            return s.findAny().isPresent();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> committed() {
        return TopicReader.readToEnd(
                KAFKA.broker().bootstrapServers(), "rs-predictions", true, Duration.ofSeconds(30));
    }
}
