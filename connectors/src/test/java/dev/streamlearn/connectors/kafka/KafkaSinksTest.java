package dev.streamlearn.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.Prediction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

    private static KafkaSinks<Prediction> valid() {
        return KafkaSinks.<Prediction>builder()
                .bootstrapServers("localhost:9092")
                .topic("predictions")
                .value(RecordJson::prediction)
                .key(Prediction::stream)
                .transactionalIdPrefix("streamlearn-test-predictions");
    }

    @Test
    void buildsAnExactlyOnceSink() {
        KafkaSink<Prediction> sink = valid().property("linger.ms", "5").build();

        assertThat(sink).isNotNull();
    }

    /** A Hawkes event of November 2024: older than Kafka's default retention of 7 days. */
    private static final long EVENT_TIME = 1_732_600_000_000L;

    private static KafkaSinks<String> strings() {
        return KafkaSinks.<String>builder()
                .bootstrapServers("localhost:9092")
                .topic("scores")
                .value(s -> s.getBytes(StandardCharsets.UTF_8))
                .key(s -> s)
                .transactionalIdPrefix("streamlearn-test-scores");
    }

    @Test
    void recordsCarryTheirFlinkTimestampByDefault() {
        assertThat(strings().serializer().serialize("e1", null, EVENT_TIME).timestamp())
                .isEqualTo(EVENT_TIME);
    }

    @Test
    void recordsWrittenWithWriteTimeLeaveTheTimestampToTheProducer() {
        var record =
                strings()
                        .recordTime(KafkaSinks.RecordTime.WRITE)
                        .serializer()
                        .serialize("e1", null, EVENT_TIME);

        assertThat(record.timestamp()).as("stamped by the producer when written").isNull();
        assertThat(record.topic()).isEqualTo("scores");
        assertThat(record.key()).isEqualTo("e1".getBytes(StandardCharsets.UTF_8));
        assertThat(record.value()).isEqualTo("e1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTransactionTimeoutEqualToTheBrokerMaximumIsAccepted() {
        assertThat(
                        valid().transactionTimeout(
                                        KafkaSinks.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT)
                                .build())
                .isNotNull();
    }

    @Test
    void requiresBootstrapServers() {
        assertThatThrownBy(() -> valid().bootstrapServers(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bootstrap servers is not set; set it, e.g. localhost:9092");
        assertThatThrownBy(() -> valid().bootstrapServers("  ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap servers is not set");
    }

    @Test
    void requiresATopic() {
        assertThatThrownBy(() -> valid().topic(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the sink topic is not set; set it, e.g. predictions");
    }

    @Test
    void requiresAValueSerializer() {
        assertThatThrownBy(() -> valid().value(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the sink for topic 'predictions' has no value serializer; call"
                                + " value(...)");
    }

    @Test
    void exactlyOnceRequiresATransactionalIdPrefix() {
        assertThatThrownBy(() -> valid().transactionalIdPrefix(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "transactional id prefix of the EXACTLY_ONCE sink for topic"
                                + " 'predictions' is not set")
                .hasMessageContaining("unique per job, e.g. streamlearn-<job>-predictions");
    }

    @Test
    void rejectsATransactionTimeoutAboveTheBrokerMaximum() {
        assertThatThrownBy(() -> valid().transactionTimeout(Duration.ofHours(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the transaction timeout 60 min of the sink for topic")
                .hasMessageContaining("above the broker's transaction.max.timeout.ms 15 min")
                .hasMessageContaining("brokerMaxTransactionTimeout(...)");
    }

    @Test
    void aRaisedBrokerMaximumAllowsALongerTimeout() {
        assertThat(
                        valid().transactionTimeout(Duration.ofHours(1))
                                .brokerMaxTransactionTimeout(Duration.ofHours(2))
                                .build())
                .isNotNull();
    }

    @Test
    void atLeastOnceNeedsNoPrefixNorTimeoutCheck() {
        KafkaSink<Prediction> sink =
                valid().transactionalIdPrefix(null)
                        .transactionTimeout(Duration.ofHours(1))
                        .deliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build();

        assertThat(sink).isNotNull();
    }

    @Test
    void theDefaultTimeoutFitsTheBrokerDefault() {
        assertThat(KafkaSinks.DEFAULT_TRANSACTION_TIMEOUT)
                .isLessThan(KafkaSinks.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT);
    }
}
