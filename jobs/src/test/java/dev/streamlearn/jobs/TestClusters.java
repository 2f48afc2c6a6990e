package dev.streamlearn.jobs;

import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared MiniCluster and Kafka broker of a job test class, one of each per class:
 *
 * <pre>{@code
 * @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();
 * @RegisterExtension static final TestClusters.Kafka KAFKA = new TestClusters.Kafka();
 * ... KAFKA.broker().bootstrapServers() ...
 * }</pre>
 */
public final class TestClusters {
    private TestClusters() {}

    /** One task manager with two slots: a job and its source's split enumerator side by side. */
    public static MiniClusterExtension flink() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /**
     * Writes {@code file}: the client properties ({@code --kafka-config}) of a SASL/SCRAM-SHA-256
     * user, as {@code EmbeddedKafka.Options.withScramUser} makes one.
     */
    public static Path scramClientProperties(Path file, String user, String password)
            throws IOException {
        return Files.writeString(
                file,
                "security.protocol=SASL_PLAINTEXT\n"
                        + "sasl.mechanism=SCRAM-SHA-256\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.scram."
                        + "ScramLoginModule required username=\""
                        + user
                        + "\" password=\""
                        + password
                        + "\";\n");
    }

    /** An embedded Kafka broker started before the class's tests and closed after them. */
    public static final class Kafka implements BeforeAllCallback, AfterAllCallback {
        private final EmbeddedKafka.Options options;
        private EmbeddedKafka broker;

        public Kafka() {
            this(EmbeddedKafka.Options.defaults());
        }

        /** A broker with these options, e.g. a SASL/SCRAM listener. */
        public Kafka(EmbeddedKafka.Options options) {
            this.options = options;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            broker = EmbeddedKafka.start(options);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (broker != null) {
                broker.close();
                broker = null;
            }
        }

        /** The running broker. */
        public EmbeddedKafka broker() {
            if (broker == null) {
                throw new IllegalStateException("the broker runs only while the test class does");
            }
            return broker;
        }
    }
}
