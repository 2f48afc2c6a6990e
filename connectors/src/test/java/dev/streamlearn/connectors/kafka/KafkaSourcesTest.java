package dev.streamlearn.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.records.RawRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaSourcesTest {

    @Test
    void buildsASourceForEachStartPosition() {
        for (KafkaSources.StartFrom start : KafkaSources.StartFrom.values()) {
            assertThat(KafkaSources.raw("localhost:9092", "job", start, "instances", "labels"))
                    .isNotNull();
        }
        assertThat(KafkaSources.raw("localhost:9092", "job", "instances")).isNotNull();
    }

    @Test
    void rejectsMissingSettings() {
        assertThatThrownBy(() -> KafkaSources.raw("", "job", "instances"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bootstrap servers is not set; set it, e.g. localhost:9092");
        assertThatThrownBy(() -> KafkaSources.raw("localhost:9092", null, "instances"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consumer group id is not set");
        assertThatThrownBy(
                        () ->
                                KafkaSources.raw(
                                        "localhost:9092", "job", KafkaSources.StartFrom.EARLIEST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Kafka source needs at least one topic");
        assertThatThrownBy(() -> KafkaSources.raw("localhost:9092", "job", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the topic is not set");
    }

    @Test
    void deserializerPassesEveryRecordOnAndTurnsANullValueIntoEmptyBytes() throws Exception {
        RawRecordDeserializer deserializer = new RawRecordDeserializer();
        List<RawRecord> out = new ArrayList<>();
        Collector<RawRecord> collector =
                new Collector<>() {
                    @Override
                    public void collect(RawRecord record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                };

        deserializer.deserialize(
                new ConsumerRecord<>("instances", 2, 7L, null, new byte[] {1, 2}), collector);
        deserializer.deserialize(new ConsumerRecord<>("instances", 2, 8L, null, null), collector);

        assertThat(out).hasSize(2);
        assertThat(out.get(0).origin()).isEqualTo("instances/2@7");
        assertThat(out.get(0).value()).containsExactly(1, 2);
        assertThat(out.get(1).value()).isEmpty();
        assertThat(deserializer.getProducedType().getTypeClass()).isEqualTo(RawRecord.class);
    }
}
