package dev.streamlearn.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.jobs.StreamlearnProcess;
import dev.streamlearn.jobs.TestClusters;
import dev.streamlearn.jobs.cli.Streamlearn;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code streamlearn demo} against an outside broker that requires SASL/SCRAM ({@code
 * --bootstrap-servers} with {@code --kafka-config}), stopped, then started again with {@code
 * --resume}: every record in has exactly one output, and the models go on where they stopped (a
 * prediction's model version is the number of the stream's instances learned before it, across both
 * runs). A third start under another learner is refused with the option that differs.
 */
class DemoResumeITCase {
    private static final String USER = "demo-user";
    private static final String PASSWORD = "Demo-Pa55-in-the-file";

    @RegisterExtension
    static final TestClusters.Kafka KAFKA =
            new TestClusters.Kafka(EmbeddedKafka.Options.defaults().withScramUser(USER, PASSWORD));

    @TempDir Path dir;

    @Test
    void aResumedDemoGoesOnWithItsModelsAndTopics() throws Exception {
        Path out = dir.resolve("out");
        assertThat(demo(out, "--duration", "6s")).isZero();
        Map<String, Long> firstRun = highestVersions(records("predictions"));
        assertThat(firstRun).containsKeys("sea-1", "sea-2", "sea-3", "sea-4");

        assertThat(demo(out, "--resume", "--duration", "5s")).isZero();
        List<JsonNode> predictions = records("predictions");
        long deadLetters = raw("dead-letters").size();
        assertThat(predictions.size() + deadLetters)
                .as("one output per record in (some of them malformed), over both runs")
                .isEqualTo(raw("instances").size());
        Set<String> ids = new HashSet<>();
        for (JsonNode p : predictions) {
            String id = p.get("id").asText();
            assertThat(ids.add(id)).as("predicted once: " + id).isTrue();
            // "sea-2-417": the stream's 418th instance; a prediction carries the version after
            // its own test-then-train step, so 418 instances learned
            long n = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
            assertThat(p.get("version").asLong()).as("model version of " + id).isEqualTo(n + 1);
        }
        Map<String, Long> both = highestVersions(predictions);
        firstRun.forEach(
                (stream, v) ->
                        assertThat(both.get(stream))
                                .as("the second run went on with " + stream)
                                .isGreaterThan(v + 50));

        StringWriter err = new StringWriter();
        int refused =
                demo(err, out, "--resume", "--duration", "5s", "--learner", "trees.HoeffdingTree");
        assertThat(refused).isNotZero();
        assertThat(err.toString())
                .contains("--learner: was driftmoe-data, now trees.HoeffdingTree")
                .contains("leave out --resume")
                .doesNotContain(PASSWORD);
    }

    private int demo(Path out, String... more) throws IOException {
        return demo(new StringWriter(), out, more);
    }

    private int demo(StringWriter err, Path out, String... more) throws IOException {
        Path config =
                TestClusters.scramClientProperties(
                        dir.resolve("client.properties"), USER, PASSWORD);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "demo",
                                "--bootstrap-servers",
                                KAFKA.broker().secureBootstrapServers(),
                                "--kafka-config",
                                config.toString(),
                                "--rl-agents",
                                "0",
                                "--active-budget",
                                "0",
                                "--rate",
                                "400",
                                "--checkpoint-interval",
                                "1s",
                                "--web-port",
                                Integer.toString(StreamlearnProcess.freePort()),
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        CommandLine cl = Streamlearn.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        System.out.println("demo " + String.join(" ", more) + " -> " + exit + "\n" + err);
        return exit;
    }

    private static List<JsonNode> records(String topic) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : raw(topic)) {
            all.add(Json.MAPPER.readTree(r.value()));
        }
        return all;
    }

    /** What the topic holds, committed records only. */
    private static List<ConsumerRecord<byte[], byte[]>> raw(String topic) {
        return TopicReader.readToEnd(
                KAFKA.broker().bootstrapServers(), topic, true, Duration.ofSeconds(20));
    }

    private static Map<String, Long> highestVersions(List<JsonNode> predictions) {
        Map<String, Long> highest = new HashMap<>();
        predictions.forEach(
                p -> highest.merge(p.get("stream").asText(), p.get("version").asLong(), Math::max));
        return highest;
    }
}
