package dev.streamlearn.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker whose listener requires SASL/SCRAM-SHA-256: with the right credentials in the client
 * properties, records go in and come out through it; with a wrong password or none, the check that
 * every command runs before it starts fails with what to fix, and never shows the password.
 */
class SecuredKafkaITCase {
    private static final String USER = "streamlearn";
    private static final String PASSWORD = "S3cret-pa55-xyz";
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withScramUser(USER, PASSWORD));
        kafka.createTopics(1, "secured");
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static ClientProperties scram(String user, String password) {
        return ClientProperties.of(
                Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "SCRAM-SHA-256",
                        "sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                        + " username=\""
                                        + user
                                        + "\" password=\""
                                        + password
                                        + "\";"));
    }

    @Test
    void theRightCredentialsWriteAndReadThroughTheSecuredListener() throws Exception {
        ClientProperties client = scram(USER, PASSWORD);
        client.check(kafka.secureBootstrapServers(), Duration.ofSeconds(20));
        Properties p = client.withBootstrap(kafka.secureBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("secured", "hello".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        try (var consumer = TopicReader.consumer(kafka.secureBootstrapServers(), client, true)) {
            var partitions = consumer.partitionsFor("secured", Duration.ofSeconds(20));
            assertThat(partitions).hasSize(1);
        }
        assertThat(
                        TopicReader.readToEnd(
                                kafka.bootstrapServers(), "secured", true, Duration.ofSeconds(20)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("hello");
    }

    @Test
    void aWrongPasswordFailsTheCheckWithWhatToFixAndWithoutThePassword() {
        String wrong = "not-the-Pa55word";
        assertThatThrownBy(
                        () ->
                                scram(USER, wrong)
                                        .check(
                                                kafka.secureBootstrapServers(),
                                                Duration.ofSeconds(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot use Kafka at " + kafka.secureBootstrapServers())
                .hasMessageContaining("Authentication failed")
                .hasMessageContaining("--kafka-config")
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void noCredentialsOnTheSecuredListenerFailTheCheck() {
        assertThatThrownBy(
                        () ->
                                ClientProperties.NONE.check(
                                        kafka.secureBootstrapServers(), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--kafka-config");
    }
}
