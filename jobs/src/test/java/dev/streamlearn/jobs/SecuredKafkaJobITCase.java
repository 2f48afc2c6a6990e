package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamlearn run prequential --kafka-config FILE} against a broker that requires
 * SASL/SCRAM, in its own JVM with Kafka's and Flink's logs at INFO: with the right credentials it
 * predicts every instance, and the password is nowhere in its output (where Kafka prints every
 * client's configuration) nor in the web UI's job configuration and plan; with a wrong password it
 * stops at once with what to fix, without the password either.
 */
class SecuredKafkaJobITCase {
    private static final String USER = "streamlearn";
    private static final String PASSWORD = "Pa55-only-in-the-file";
    private static final int INSTANCES = 3_000;

    @RegisterExtension
    static final TestClusters.Kafka KAFKA =
            new TestClusters.Kafka(EmbeddedKafka.Options.defaults().withScramUser(USER, PASSWORD));

    @TempDir Path dir;

    @Test
    void theJobRunsWithTheRightCredentialsAndNeverShowsThePassword() throws Exception {
        KAFKA.broker().createTopics(1, "sec-in", "sec-predictions", "sec-metrics", "sec-dead");
        TestInstances.produce(
                KAFKA.broker().bootstrapServers(),
                "sec-in",
                MoaGeneratorStream.open("generators.SEAGenerator"),
                3,
                0,
                INSTANCES / 3);
        int webPort = StreamlearnProcess.freePort();
        StreamlearnProcess job = start("right", PASSWORD, webPort);
        try {
            await("every instance predicted through the secured listener")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> predictions() >= INSTANCES || !job.process().isAlive());
            assertThat(job.process().isAlive()).as(job.output()).isTrue();
            assertThat(predictions()).isEqualTo(INSTANCES);
            String web = webUi(webPort);
            assertThat(web).as("the web UI's job configuration and plan").contains("sec-in");
            assertThat(web).doesNotContain(PASSWORD);
        } finally {
            job.process().destroy();
            job.process().waitFor(2, TimeUnit.MINUTES);
        }
        assertThat(job.output())
                .as("Kafka printed the clients' configuration, with the secret hidden")
                .contains("sasl.jaas.config = [hidden]")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordStopsAtOnceWithWhatToFix() throws Exception {
        String wrong = "a-wrong-Pa55";
        StreamlearnProcess job = start("wrong", wrong, StreamlearnProcess.freePort());
        assertThat(job.process().waitFor(2, TimeUnit.MINUTES)).as("stopped").isTrue();
        job.told().forEach(l -> System.out.println("wrong> " + l));
        assertThat(job.process().exitValue()).isNotZero();
        assertThat(String.join("\n", job.told()))
                .contains("Authentication failed")
                .contains("--kafka-config");
        assertThat(job.output()).doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    private StreamlearnProcess start(String name, String password, int webPort) throws Exception {
        Path config =
                TestClusters.scramClientProperties(
                        dir.resolve(name + ".properties"), USER, password);
        Path logging =
                Files.writeString(
                        dir.resolve("log4j2-info.xml"),
                        "<Configuration status=\"WARN\"><Appenders><Console name=\"c\""
                                + " target=\"SYSTEM_ERR\"><PatternLayout pattern=\"%d{HH:mm:ss}"
                                + " %-5p %c{1} - %m%n\"/></Console></Appenders><Loggers>"
                                + "<Root level=\"INFO\"><AppenderRef ref=\"c\"/></Root>"
                                + "</Loggers></Configuration>");
        return StreamlearnProcess.start(
                dir.resolve(name + ".log"),
                List.of("-Dlog4j2.configurationFile=" + logging),
                List.of(
                        "run",
                        "prequential",
                        "--bootstrap-servers",
                        KAFKA.broker().secureBootstrapServers(),
                        "--kafka-config",
                        config.toString(),
                        "--schema",
                        "generators.SEAGenerator",
                        "--instances-topic",
                        "sec-in",
                        "--predictions-topic",
                        "sec-predictions",
                        "--metrics-topic",
                        "sec-metrics",
                        "--dead-letters-topic",
                        "sec-dead",
                        "--job-name",
                        "secured-" + name,
                        "--start-from",
                        "EARLIEST",
                        "--checkpoint-interval",
                        "1s",
                        "--web-port",
                        Integer.toString(webPort),
                        "--out",
                        dir.resolve(name).toString()));
    }

    /** The web UI's answers about the running job: its configuration and its plan. */
    private static String webUi(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String jobs = get(http, port, "/jobs");
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f]{32})\"").matcher(jobs);
        assertThat(m.find()).as("a job in " + jobs).isTrue();
        return get(http, port, "/jobs/" + m.group(1) + "/config")
                + get(http, port, "/jobs/" + m.group(1) + "/plan")
                + get(http, port, "/jobmanager/config");
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int predictions() {
        return TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(),
                        "sec-predictions",
                        true,
                        Duration.ofSeconds(20))
                .size();
    }
}
