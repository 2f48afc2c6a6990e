package dev.streamlearn.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaOptionsTest {

    @Test
    void defaultsToAnyFreePortAndTheBrokerDefaultTransactionLimit() {
        EmbeddedKafka.Options o = EmbeddedKafka.Options.defaults();

        assertThat(o.port()).isZero();
        assertThat(o.dataDir()).isNull();
        assertThat(o.maxTransactionTimeoutMs())
                .isEqualTo(KafkaSinks.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT.toMillis());
    }

    @Test
    void withersChangeOneField() {
        EmbeddedKafka.Options o =
                EmbeddedKafka.Options.defaults().withPort(9092).withDataDir(Path.of("kafka-data"));

        assertThat(o.port()).isEqualTo(9092);
        assertThat(o.dataDir()).isEqualTo(Path.of("kafka-data"));
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().withPort(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka port must be 0 (any free port) or 1-65535, got 70000");
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().withPort(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
