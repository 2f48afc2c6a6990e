package dev.streamlearn.connectors.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this JVM, built on
 * Kafka's own {@code KafkaClusterTestKit}: what the tests and {@code streamlearn demo} run against.
 * Any Kafka client can connect to {@link #bootstrapServers()}.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults())) {
 *     kafka.createTopics(2, "instances", "predictions");
 *     String servers = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    /**
     * @param port the fixed port for clients, or 0 for any free port
     * @param dataDir where the broker keeps its logs, kept when it stops: a broker started again on
     *     the same folder serves the topics, records and committed transactions it had (on any
     *     port); null for a fresh temporary folder, deleted when it stops
     * @param maxTransactionTimeoutMs the broker's transaction.max.timeout.ms
     * @param scramUser a user (name and password) of a second listener that requires SASL/SCRAM
     *     (SCRAM-SHA-256), at {@link #secureBootstrapServers()}; null for none
     */
    public record Options(
            int port, Path dataDir, long maxTransactionTimeoutMs, ScramUser scramUser) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "Kafka port must be 0 (any free port) or 1-65535, got " + port);
            }
        }

        public static Options defaults() {
            return new Options(0, null, 15 * 60 * 1000L, null);
        }

        public Options withPort(int newPort) {
            return new Options(newPort, dataDir, maxTransactionTimeoutMs, scramUser);
        }

        public Options withDataDir(Path dir) {
            return new Options(port, dir, maxTransactionTimeoutMs, scramUser);
        }

        /** Adds a listener that requires SASL/SCRAM-SHA-256 and this user on it. */
        public Options withScramUser(String name, String password) {
            return new Options(
                    port, dataDir, maxTransactionTimeoutMs, new ScramUser(name, password));
        }
    }

    /** A SCRAM user of the secured listener. */
    public record ScramUser(String name, String password) {
        @Override
        public String toString() {
            return "ScramUser[" + name + "]";
        }
    }

    /** The folder of the broker (combined with its controller) under the data folder. */
    private static final String NODE_FOLDER = "combined_0_0";

    private final KafkaClusterTestKit cluster;
    private final int port;
    private final int securePort;

    private EmbeddedKafka(KafkaClusterTestKit cluster, int port, int securePort) {
        this.cluster = cluster;
        this.port = port;
        this.securePort = securePort;
    }

    /** Starts a broker on any free port, with a temporary data folder. */
    public static EmbeddedKafka start() {
        return start(Options.defaults());
    }

    /**
     * Formats and starts the broker, and waits until it serves clients. A data folder a broker used
     * before is not formatted again: the broker takes its cluster id from it and continues.
     */
    public static EmbeddedKafka start(Options options) {
        try {
            Path dir =
                    options.dataDir() != null
                            ? Files.createDirectories(options.dataDir())
                            : Files.createTempDirectory("streamlearn-kafka");
            String earlierClusterId = clusterIdIn(dir);
            TestKitNodes.Builder nodesBuilder = new TestKitNodes.Builder();
            if (earlierClusterId != null) {
                nodesBuilder.setClusterId(earlierClusterId);
            }
            TestKitNodes nodes =
                    nodesBuilder
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .setBaseDirectory(dir)
                            // 4.2 would otherwise boot an unstable testing metadata version.
                            .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                            .build();
            KafkaClusterTestKit.Builder builder =
                    new KafkaClusterTestKit.Builder(nodes)
                            .setDeleteOnClose(options.dataDir() == null)
                            .setConfigProp("offsets.topic.replication.factor", "1")
                            .setConfigProp("offsets.topic.num.partitions", "4")
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("transaction.state.log.num.partitions", "4")
                            .setConfigProp("group.initial.rebalance.delay.ms", "0")
                            .setConfigProp(
                                    "transaction.max.timeout.ms",
                                    Long.toString(options.maxTransactionTimeoutMs()))
                            .setConfigProp("auto.create.topics.enable", "true")
                            .setConfigProp("num.partitions", "1");
            int securePort = options.scramUser() != null ? freePort() : 0;
            listeners(builder, options.port(), securePort);
            KafkaClusterTestKit cluster = builder.build();
            try {
                if (earlierClusterId == null) {
                    formatQuietly(cluster);
                }
                cluster.startup();
                cluster.waitForReadyBrokers();
            } catch (Exception e) {
                cluster.close();
                throw e;
            }
            EmbeddedKafka kafka = new EmbeddedKafka(cluster, options.port(), securePort);
            if (options.scramUser() != null) {
                kafka.addScramUser(options.scramUser());
            }
            return kafka;
        } catch (Exception e) {
            String hint =
                    options.port() != 0
                            ? " (is port " + options.port() + " already in use? pick another)"
                            : "";
            throw new IllegalStateException("the embedded Kafka broker did not start" + hint, e);
        }
    }

    /**
     * The test kit serves its own EXTERNAL and CONTROLLER listeners from sockets it opened
     * beforehand on random ports, whatever port the config names; only a listener of another name
     * is bound where the config says: CLIENT on a fixed port, SECURE (SASL/SCRAM) on its own.
     */
    private static void listeners(KafkaClusterTestKit.Builder builder, int port, int securePort) {
        if (port == 0 && securePort == 0) {
            return;
        }
        StringBuilder listeners =
                new StringBuilder("EXTERNAL://localhost:0,CONTROLLER://localhost:0");
        StringBuilder protocols = new StringBuilder("EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (port != 0) {
            listeners.append(",CLIENT://localhost:").append(port);
            protocols.append(",CLIENT:PLAINTEXT");
        }
        if (securePort != 0) {
            listeners.append(",SECURE://localhost:").append(securePort);
            protocols.append(",SECURE:SASL_PLAINTEXT");
            builder.setConfigProp("sasl.enabled.mechanisms", "SCRAM-SHA-256");
            builder.setConfigProp(
                    "listener.name.secure.scram-sha-256.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        builder.setConfigProp("listeners", listeners.toString());
        builder.setConfigProp("listener.security.protocol.map", protocols.toString());
    }

    /** Creates the user's SCRAM credentials (through the plaintext listener). */
    private void addScramUser(ScramUser user) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.alterUserScramCredentials(
                            List.of(
                                    new UserScramCredentialUpsertion(
                                            user.name(),
                                            new ScramCredentialInfo(
                                                    ScramMechanism.SCRAM_SHA_256, 4096),
                                            user.password())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The cluster id of a broker that used {@code dir} before; null for a folder never used. */
    private static String clusterIdIn(Path dir) throws IOException {
        Path meta = dir.resolve(NODE_FOLDER).resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(meta)) {
            p.load(in);
        }
        String id = p.getProperty("cluster.id");
        if (id == null) {
            throw new IllegalStateException(
                    meta + " names no cluster.id: not a Kafka log folder? Use another folder.");
        }
        return id;
    }

    /**
     * Kafka's formatter prints its bootstrap metadata to standard output; keep the console clean.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(console);
        }
    }

    /** The SASL/SCRAM listener's address; only with {@link Options#withScramUser}. */
    public String secureBootstrapServers() {
        if (securePort == 0) {
            throw new IllegalStateException(
                    "this broker has no SASL/SCRAM listener; start it with Options.withScramUser");
        }
        return "localhost:" + securePort;
    }

    public String bootstrapServers() {
        return port != 0 ? "localhost:" + port : cluster.bootstrapServers();
    }

    /** Client properties with the bootstrap servers set. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /**
     * Creates the topics that do not exist yet, each with {@code partitions} partitions, and
     * returns once the broker lists all of them (creation is asynchronous in KRaft).
     */
    public void createTopics(int partitions, String... topics) {
        createTopics(partitions, List.of(topics));
    }

    public void createTopics(int partitions, Collection<String> topics) {
        try (Admin admin = Admin.create(clientProperties())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> fresh = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    fresh.add(new NewTopic(t, partitions, (short) 1));
                }
            }
            try {
                admin.createTopics(fresh).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitListed(admin, topics);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + topics, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + topics, e);
        }
    }

    /**
     * Waits until the topics are listed and every partition has a leader. A producer that writes to
     * a partition before its leader is in place gets NOT_LEADER_OR_FOLLOWER on its first batches;
     * seen here (Kafka 4.2), the idempotent producer then retried sequence 0 after later batches
     * had been appended and looped on OUT_OF_ORDER_SEQUENCE_NUMBER until it timed out.
     */
    private static void awaitListed(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!admin.listTopics().names().get().containsAll(topics) || !led(admin, topics)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topics "
                                + topics
                                + " were created but not listed with a leader for every"
                                + " partition within 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static boolean led(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() == null || p.leader().isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Stops the broker (its controller keeps running), waits {@code down}, and starts it again on
     * the same ports and log folders, as a broker restart in a real cluster: clients lose their
     * connections and partition leaders until it is back, then reconnect; what was written before
     * stays. Returns once the broker serves clients again.
     */
    public void restartBroker(Duration down) {
        try {
            for (BrokerServer broker : cluster.brokers().values()) {
                broker.shutdown();
                broker.awaitShutdown();
            }
            Thread.sleep(down.toMillis());
            for (BrokerServer broker : cluster.brokers().values()) {
                broker.startup();
            }
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the embedded broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the embedded broker did not come back", e.getCause());
        }
    }

    /** Stops the broker and, unless a data folder was given, deletes its data. */
    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the embedded broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded broker did not stop cleanly", e);
        }
    }
}
