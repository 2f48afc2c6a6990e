package dev.streamlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.jobs.cli.Streamlearn;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code streamlearn demo} in this JVM, as a user would from the command line, and talks to it
 * as any Kafka user would: a record produced by a plain Kafka producer to the demo's input topic
 * comes out as a prediction, a malformed one as a dead letter; the web UI answers; the active
 * learner asks for labels within its budget and learns the simulated labeller's answers; the demo
 * exits 0 and writes its report.
 */
class DemoEndToEndITCase {

    @Test
    void demoServesOutsideClientsAndExitsCleanly(@TempDir Path out) throws Exception {
        int kafkaPort = freePort();
        int webPort = freePort();
        String bootstrap = "localhost:" + kafkaPort;
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(
                        () ->
                                Streamlearn.commandLine()
                                        .execute(
                                                "demo",
                                                "--duration",
                                                "30s",
                                                "--kafka-port",
                                                Integer.toString(kafkaPort),
                                                "--web-port",
                                                Integer.toString(webPort),
                                                "--rate",
                                                "500",
                                                "--checkpoint-interval",
                                                "1s",
                                                "--out",
                                                out.toString()));

        await("the demo's broker")
                .atMost(Duration.ofSeconds(60))
                .until(() -> topicsExist(bootstrap));
        await("the web UI").atMost(Duration.ofSeconds(60)).until(() -> webUiAnswers(webPort));

        String good =
                "{\"stream\":\"outsider\",\"id\":\"e2e-1\",\"x\":[1.0,2.0,3.0],\"y\":\"groupA\"}";
        String bad = "{\"stream\":\"outsider\",\"id\":\"e2e-2\",\"x\":[1.0,";
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>("instances", "outsider", good)).get();
            producer.send(new ProducerRecord<>("instances", "outsider", bad)).get();
        }

        await("a prediction for the outside record")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> find(bootstrap, "predictions", "id", "e2e-1") != null);
        JsonNode prediction = find(bootstrap, "predictions", "id", "e2e-1");
        assertThat(prediction.get("stream").asText()).isEqualTo("outsider");
        assertThat(
                        prediction.get("proba").get("groupA").asDouble()
                                + prediction.get("proba").get("groupB").asDouble())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));

        await("a dead letter for the malformed record")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> find(bootstrap, "dead-letters", "raw", bad) != null);
        assertThat(find(bootstrap, "dead-letters", "raw", bad).get("error").asText())
                .startsWith("malformed JSON");

        assertThat(exit.get(90, TimeUnit.SECONDS)).as("exit code").isZero();
        JsonNode report = Json.MAPPER.readTree(Files.readString(out.resolve("demo-report.json")));
        assertThat(report.get("predictions").asLong()).isGreaterThan(5_000);
        assertThat(report.get("checkpoints").asLong()).isGreaterThan(5);
        assertThat(report.get("dead_letters").asLong())
                .isEqualTo(report.get("bad_records_in").asLong() + 1);
        assertThat(report.get("streams").size()).isGreaterThanOrEqualTo(4);
        assertThat(out.resolve("demo-report.md")).exists();

        // the active learner asked for labels within its budget and learned the late answers
        JsonNode active = report.get("active");
        assertThat(active.get("predictions").asLong()).isGreaterThan(5_000);
        assertThat(active.get("labeller_answers").asLong()).isPositive();
        long requested = 0;
        long learned = 0;
        long seen = 0;
        for (JsonNode m : active.get("streams")) {
            requested += m.get("labels_requested").asLong();
            learned += m.get("labels_received").asLong();
            seen += m.get("instances").asLong();
        }
        assertThat(learned).isPositive().isLessThanOrEqualTo(requested);
        assertThat((double) requested / seen).isBetween(0.05, 0.1 + 0.005);
    }

    private static JsonNode find(String bootstrap, String topic, String field, String value)
            throws IOException {
        for (var r : TopicReader.readToEnd(bootstrap, topic, true, Duration.ofSeconds(20))) {
            JsonNode n = Json.MAPPER.readTree(r.value());
            if (value.equals(n.path(field).asText(null))) {
                return n;
            }
        }
        return null;
    }

    private static boolean topicsExist(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(p)) {
            return admin.listTopics().names().get(3, TimeUnit.SECONDS).contains("dead-letters");
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean webUiAnswers(int port) {
        try {
            HttpResponse<String> res =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://localhost:"
                                                                    + port
                                                                    + "/overview"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return res.statusCode() == 200 && res.body().contains("\"jobs-running\":1");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
