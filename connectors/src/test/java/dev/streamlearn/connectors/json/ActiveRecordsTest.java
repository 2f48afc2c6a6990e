package dev.streamlearn.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlearn.connectors.records.ActiveMetricsRecord;
import dev.streamlearn.connectors.records.LabelRequest;
import dev.streamlearn.connectors.records.MetricsRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The active learner's output records: their JSON, and Flink serialises them as POJOs. */
class ActiveRecordsTest {
    private static final ObjectMapper READER = new ObjectMapper();

    private static final LabelRequest REQUEST =
            new LabelRequest(
                    "s1",
                    "42",
                    1_000L,
                    61_000L,
                    new String[] {"UP", "DOWN"},
                    new double[] {0.6, 0.4},
                    0.4,
                    "active-variable-uncertainty",
                    17L);

    private static final ActiveMetricsRecord METRICS =
            new ActiveMetricsRecord(
                    new MetricsRecord("s1", "active", 5L, 1000, 1000, 0.8, 0.75, 0.6, 0.5, 0.4),
                    0.1,
                    0.099,
                    99,
                    90,
                    9,
                    2,
                    1,
                    3,
                    0);

    @Test
    void writesALabelRequest() throws Exception {
        JsonNode n = READER.readTree(RecordJson.labelRequest(REQUEST));
        assertThat(n.get("stream").asText()).isEqualTo("s1");
        assertThat(n.get("id").asText()).isEqualTo("42");
        assertThat(n.get("ts").asLong()).isEqualTo(1_000L);
        assertThat(n.get("deadline").asLong()).isEqualTo(61_000L);
        assertThat(n.get("proba").get("UP").asDouble()).isEqualTo(0.6);
        assertThat(n.get("proba").get("DOWN").asDouble()).isEqualTo(0.4);
        assertThat(n.get("utility").asDouble()).isEqualTo(0.4);
        assertThat(n.get("model").asText()).isEqualTo("active-variable-uncertainty");
        assertThat(n.get("version").asLong()).isEqualTo(17L);
    }

    @Test
    void writesActiveMetricsWithThePrequentialFields() throws Exception {
        JsonNode n = READER.readTree(RecordJson.activeMetrics(METRICS));
        assertThat(n.get("stream").asText()).isEqualTo("s1");
        assertThat(n.get("accuracy").asDouble()).isEqualTo(0.8);
        assertThat(n.get("window_accuracy").asDouble()).isEqualTo(0.75);
        assertThat(n.get("budget").asDouble()).isEqualTo(0.1);
        assertThat(n.get("spent_ratio").asDouble()).isEqualTo(0.099);
        assertThat(n.get("labels_requested").asLong()).isEqualTo(99);
        assertThat(n.get("labels_received").asLong()).isEqualTo(90);
        assertThat(n.get("labels_expired").asLong()).isEqualTo(9);
        assertThat(n.get("labels_late").asLong()).isEqualTo(2);
        assertThat(n.get("labels_duplicate").asLong()).isEqualTo(1);
        assertThat(n.get("labels_unknown").asLong()).isEqualTo(3);
        assertThat(n.get("labels_awaiting").asInt()).isZero();
    }

    @Test
    void labelRequestsAndActiveMetricsAreFlinkPojosNotKryo() throws Exception {
        TypeInformation<LabelRequest> requestType = TypeInformation.of(LabelRequest.class);
        TypeInformation<ActiveMetricsRecord> metricsType =
                TypeInformation.of(ActiveMetricsRecord.class);
        assertThat(requestType).isInstanceOf(PojoTypeInfo.class);
        assertThat(metricsType).isInstanceOf(PojoTypeInfo.class);
        assertThat(((PojoTypeInfo<?>) metricsType).getTypeAt("prequential"))
                .isInstanceOf(PojoTypeInfo.class);
        assertThat(roundTrip(requestType, REQUEST)).usingRecursiveComparison().isEqualTo(REQUEST);
        assertThat(roundTrip(metricsType, METRICS)).usingRecursiveComparison().isEqualTo(METRICS);
    }

    private static <T> T roundTrip(TypeInformation<T> type, T value) throws Exception {
        TypeSerializer<T> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
