package dev.streamlearn.e2e;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The containers of the Testcontainers suites: Kafka and a Flink session cluster from the images
 * that {@code docker/build-images.sh} builds (no registry needed), each on the host network with
 * its own free loopback ports, so suites never collide with each other or with a local demo.
 *
 * <p>On an engine without a bridge network Testcontainers needs {@code
 * TESTCONTAINERS_RYUK_DISABLED=true} and {@code TESTCONTAINERS_HOST_OVERRIDE=localhost}; the e2e
 * module's failsafe configuration sets both.
 */
final class LocalContainers {
    /** System property naming the Kafka image (any image with the same entry point). */
    static final String KAFKA_IMAGE_PROPERTY = "streamlearn.kafka.image";

    /** System property naming the Flink image. */
    static final String FLINK_IMAGE_PROPERTY = "streamlearn.flink.image";

    static final String KAFKA_IMAGE =
            System.getProperty(KAFKA_IMAGE_PROPERTY, "local/streamlearn-kafka:4.2.0");
    static final String FLINK_IMAGE =
            System.getProperty(FLINK_IMAGE_PROPERTY, "local/streamlearn-flink:2.2.1");

    private static final Logger LOG = LoggerFactory.getLogger(LocalContainers.class);
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private LocalContainers() {}

    /** A port free on loopback now; the container binds it a moment later. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on loopback", e);
        }
    }

    /** One Kafka node (KRaft) listening on {@code localhost:brokerPort}. */
    static GenericContainer<?> kafka(int brokerPort) {
        return onHostNetwork(KAFKA_IMAGE, "kafka")
                .withEnv("BROKER_PORT", Integer.toString(brokerPort))
                .withEnv("CONTROLLER_PORT", Integer.toString(freePort()))
                .withEnv("KAFKA_NUM_PARTITIONS", "2")
                .waitingFor(
                        Wait.forLogMessage(".*Kafka Server started.*", 1)
                                .withStartupTimeout(STARTUP));
    }

    /** The ports of one Flink session cluster. */
    record FlinkPorts(int rest, int rpc, int blob) {
        static FlinkPorts free() {
            return new FlinkPorts(freePort(), freePort(), freePort());
        }

        String restUrl() {
            return "http://localhost:" + rest;
        }

        /**
         * FLINK_PROPERTIES for the cluster's processes: these ports, a TaskManager loss noticed
         * within seconds, checkpoints in the shared {@code /checkpoints}.
         */
        String properties() {
            return String.join(
                    "\n",
                    "rest.port: " + rest,
                    "jobmanager.rpc.port: " + rpc,
                    "blob.server.port: " + blob,
                    "heartbeat.interval: 1000",
                    "heartbeat.timeout: 8000",
                    "execution.checkpointing.dir: file:///checkpoints");
        }
    }

    /** A standalone session JobManager; its REST API and web UI answer on {@code ports.rest}. */
    static GenericContainer<?> jobManager(FlinkPorts ports, Path checkpoints) {
        return flink("jobmanager", ports, checkpoints)
                .waitingFor(
                        Wait.forLogMessage(".*Web frontend listening at.*", 1)
                                .withStartupTimeout(STARTUP));
    }

    /** A TaskManager with two slots that registers with the JobManager of {@code ports}. */
    static GenericContainer<?> taskManager(FlinkPorts ports, Path checkpoints) {
        return flink("taskmanager", ports, checkpoints)
                .waitingFor(
                        Wait.forLogMessage(".*Successful registration at resource manager.*", 1)
                                .withStartupTimeout(STARTUP));
    }

    private static GenericContainer<?> flink(String role, FlinkPorts ports, Path checkpoints) {
        // The host's user, so that the checkpoint files in the bind mount stay deletable.
        UnixSystem user = new UnixSystem();
        return onHostNetwork(FLINK_IMAGE, role)
                .withCommand(role)
                .withEnv("FLINK_PROPERTIES", ports.properties())
                // The bind set directly: Testcontainers' own withFileSystemBind first checks
                // mounting with an alpine container, which no registry serves here.
                .withCreateContainerCmdModifier(
                        cmd ->
                                cmd.withUser(user.getUid() + ":" + user.getGid())
                                        .getHostConfig()
                                        .withBinds(
                                                new Bind(
                                                        checkpoints.toAbsolutePath().toString(),
                                                        new Volume("/checkpoints"),
                                                        AccessMode.rw)));
    }

    @SuppressWarnings("resource") // closed by the suites
    private static GenericContainer<?> onHostNetwork(String image, String hostName) {
        // A host name of its own that the container's /etc/hosts resolves: Flink looks its up.
        return new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(LocalContainers::builtLocally)
                .withNetworkMode("host")
                .withExtraHost(hostName, "127.0.0.1")
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName(hostName))
                .withLogConsumer(new LogFile(hostName));
    }

    /**
     * Never pulls (no registry is needed or assumed): an image that is missing fails the suite at
     * once, saying how to build it.
     */
    private static boolean builtLocally(DockerImageName image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image.asCanonicalNameString()).exec();
            return false;
        } catch (NotFoundException e) {
            throw new IllegalStateException(
                    "the image "
                            + image.asCanonicalNameString()
                            + " is missing: build it with docker/build-images.sh (README,"
                            + " 'Container suites')",
                    e);
        }
    }

    /**
     * Writes a container's output to {@code target/container-logs/<name>-<n>.log} (the test output
     * stays readable; the file tells what happened inside).
     */
    static final class LogFile implements Consumer<OutputFrame> {
        private static final AtomicInteger COUNT = new AtomicInteger();
        private final Path file;

        LogFile(String name) {
            Path dir = Path.of("target", "container-logs");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.file = dir.resolve(name + "-" + COUNT.incrementAndGet() + ".log");
            LOG.info("output of the {} container: {}", name, file.toAbsolutePath());
        }

        @Override
        public void accept(OutputFrame frame) {
            try {
                Files.write(
                        file,
                        frame.getBytes() == null ? new byte[0] : frame.getBytes(),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void createTopics(String bootstrap, int partitions, List<String> names)
            throws InterruptedException, ExecutionException {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(
                            names.stream()
                                    .map(t -> new NewTopic(t, partitions, (short) 1))
                                    .collect(Collectors.toList()))
                    .all()
                    .get();
        }
    }

    /**
     * Skips a suite, with a message that says why and how to run it, where no Docker engine
     * answers; with an engine, a missing image fails the suite (build it: docker/build-images.sh).
     */
    static final class RequiresDocker implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return ConditionEvaluationResult.enabled("a Docker engine is available");
            }
            String reason =
                    context.getDisplayName()
                            + " skipped: no usable Docker engine, and it runs Kafka ("
                            + KAFKA_IMAGE
                            + ") or Flink ("
                            + FLINK_IMAGE
                            + ") in containers. To run it, start a Docker engine, build the images"
                            + " with docker/build-images.sh and run mvn verify again (README,"
                            + " 'Container suites'); on an engine with host networking only,"
                            + " TESTCONTAINERS_RYUK_DISABLED=true and"
                            + " TESTCONTAINERS_HOST_OVERRIDE=localhost must be set (the e2e module"
                            + " sets them).";
            LOG.warn(reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}
