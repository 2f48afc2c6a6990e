package dev.streamlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology of docker-compose.yml, brought up by docker-compose with the CI override
 * (docker-compose.ci.yml: local images, host network) through docker/compose-ci.sh: the one-shot
 * services create the topics, submit the baseline job with {@code flink run} and produce SEA
 * instances; the job must run, the web UI must answer, and every instance must come out as exactly
 * one committed prediction. Ports are free ones of this machine; the stack is removed afterwards.
 *
 * <p>Needs a Docker engine (skipped without one), the images of docker/build-images.sh, and
 * docker-compose or docker compose (skipped, saying so, without either).
 */
@ExtendWith(LocalContainers.RequiresDocker.class)
class ComposeClusterITCase {
    private static final Logger LOG = LoggerFactory.getLogger(ComposeClusterITCase.class);

    /** Failsafe runs in e2e/; the compose files are at the repository root. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final int INSTANCES = 4_000;
    private static final String PROJECT = "streamlearn-it-" + ProcessHandle.current().pid();
    private static final Map<String, String> PORTS = new TreeMap<>();
    private static Path log;

    @BeforeAll
    static void composeUp() throws Exception {
        Assumptions.assumeTrue(
                composeInstalled(),
                "ComposeClusterITCase skipped: neither docker-compose nor docker compose is"
                        + " installed (apt-get install docker-compose)");
        PORTS.put("STREAMLEARN_KAFKA_PORT", Integer.toString(LocalContainers.freePort()));
        PORTS.put("STREAMLEARN_KAFKA_HOST_PORT", Integer.toString(LocalContainers.freePort()));
        PORTS.put(
                "STREAMLEARN_KAFKA_CONTROLLER_PORT", Integer.toString(LocalContainers.freePort()));
        PORTS.put("STREAMLEARN_WEB_PORT", Integer.toString(LocalContainers.freePort()));
        PORTS.put("STREAMLEARN_JM_RPC_PORT", Integer.toString(LocalContainers.freePort()));
        PORTS.put("STREAMLEARN_BLOB_PORT", Integer.toString(LocalContainers.freePort()));
        log =
                Files.createTempFile(
                        Path.of(System.getProperty("java.io.tmpdir")), "compose", ".log");
        compose(Duration.ofMinutes(5), "up", "-d");
    }

    @AfterAll
    static void composeDown() throws Exception {
        if (log != null) {
            compose(Duration.ofMinutes(2), "down", "-v", "-t", "5");
        }
    }

    @Test
    void baselineJobRunsOnTheComposeClusterAndTheWebUiAnswers() throws Exception {
        FlinkRest rest = new FlinkRest("http://localhost:" + PORTS.get("STREAMLEARN_WEB_PORT"));
        await("the JobManager with one TaskManager")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> rest.overview().path("taskmanagers").asInt() == 1);
        assertThat(rest.getText("/")).as("the web UI's page").contains("Apache Flink");

        await("the job submitted by the 'submit' service")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> runningJobs(rest).contains("streamlearn-prequential"));

        String bootstrap = "localhost:" + PORTS.get("STREAMLEARN_KAFKA_HOST_PORT");
        await("a committed prediction for each of the producer's instances")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () ->
                                TopicReader.readToEnd(
                                                        bootstrap,
                                                        "predictions",
                                                        true,
                                                        Duration.ofSeconds(60))
                                                .size()
                                        >= INSTANCES);
        Set<String> ids = new HashSet<>();
        List<ConsumerRecord<byte[], byte[]>> predictions =
                TopicReader.readToEnd(bootstrap, "predictions", true, Duration.ofSeconds(60));
        for (var r : predictions) {
            JsonNode p = Json.MAPPER.readTree(r.value());
            ids.add(p.get("stream").asText() + "/" + p.get("id").asText());
        }
        assertThat(predictions).hasSize(INSTANCES);
        assertThat(ids).as("distinct predicted ids").hasSize(INSTANCES);
    }

    private static List<String> runningJobs(FlinkRest rest)
            throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (JsonNode j : rest.get("/jobs/overview").path("jobs")) {
            if ("RUNNING".equals(j.path("state").asText())) {
                names.add(j.path("name").asText());
            }
        }
        return names;
    }

    private static boolean composeInstalled() throws InterruptedException {
        for (List<String> probe :
                List.of(
                        List.of("docker-compose", "version"),
                        List.of("docker", "compose", "version"))) {
            try {
                Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return true;
                }
            } catch (IOException e) {
                LOG.debug("{} is not installed: {}", probe.get(0), e.toString());
            }
        }
        return false;
    }

    /** Runs docker/compose-ci.sh with the suite's ports; fails with its output if it fails. */
    private static void compose(Duration timeout, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "docker/compose-ci.sh"));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .directory(ROOT.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(PORTS);
        pb.environment().put("COMPOSE_PROJECT_NAME", PROJECT);
        pb.environment().put("STREAMLEARN_PRODUCE_COUNT", Integer.toString(INSTANCES));
        pb.environment().put("STREAMLEARN_PRODUCE_RATE", "2000");
        Process p = pb.start();
        boolean done = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        LOG.info("compose {}:\n{}", String.join(" ", args), output);
        if (!done || p.exitValue() != 0) {
            throw new IllegalStateException(
                    "docker/compose-ci.sh "
                            + String.join(" ", args)
                            + (done ? " exited with " + p.exitValue() : " timed out")
                            + "; its output:\n"
                            + output);
        }
    }
}
