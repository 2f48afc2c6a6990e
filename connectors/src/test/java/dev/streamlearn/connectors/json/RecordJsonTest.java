package dev.streamlearn.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.MetricsRecord;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    /** A plain mapper, so that the bytes are checked as any consumer would read them. */
    private static final ObjectMapper READER = new ObjectMapper();

    private static JsonNode read(byte[] bytes) throws IOException {
        return READER.readTree(bytes);
    }

    @Test
    void writesAPrediction() throws IOException {
        Prediction p =
                new Prediction(
                        "s1",
                        "42",
                        1_732_600_000_000L,
                        "UP",
                        new String[] {"UP", "DOWN"},
                        new double[] {0.8, 0.2},
                        "driftmoe",
                        17L);

        JsonNode o = read(RecordJson.prediction(p));

        assertThat(o.properties())
                .extracting(e -> e.getKey())
                .containsExactly("stream", "id", "ts", "y", "proba", "model", "version");
        assertThat(o.get("stream").asText()).isEqualTo("s1");
        assertThat(o.get("id").asText()).isEqualTo("42");
        assertThat(o.get("ts").asLong()).isEqualTo(1_732_600_000_000L);
        assertThat(o.get("y").asText()).isEqualTo("UP");
        assertThat(o.get("proba").size()).isEqualTo(2);
        assertThat(o.get("proba").get("UP").asDouble()).isEqualTo(0.8);
        assertThat(o.get("proba").get("DOWN").asDouble()).isEqualTo(0.2);
        assertThat(o.get("model").asText()).isEqualTo("driftmoe");
        assertThat(o.get("version").asLong()).isEqualTo(17L);
    }

    @Test
    void writesMetrics() throws IOException {
        MetricsRecord m =
                new MetricsRecord("s1", "hat", 5000L, 1000L, 900L, 0.85, 0.9, 0.7, 0.6, 0.5);

        JsonNode o = read(RecordJson.metrics(m));

        assertThat(o.size()).isEqualTo(10);
        assertThat(o.get("stream").asText()).isEqualTo("s1");
        assertThat(o.get("model").asText()).isEqualTo("hat");
        assertThat(o.get("ts").asLong()).isEqualTo(5000L);
        assertThat(o.get("instances").asLong()).isEqualTo(1000L);
        assertThat(o.get("labelled").asLong()).isEqualTo(900L);
        assertThat(o.get("accuracy").asDouble()).isEqualTo(0.85);
        assertThat(o.get("window_accuracy").asDouble()).isEqualTo(0.9);
        assertThat(o.get("kappa").asDouble()).isEqualTo(0.7);
        assertThat(o.get("kappa_m").asDouble()).isEqualTo(0.6);
        assertThat(o.get("kappa_temporal").asDouble()).isEqualTo(0.5);
    }

    @Test
    void writesADeadLetterWithTheRawTextAndExactBytes() throws IOException {
        byte[] value = "{\"stream\":\"s1\", \"x\": [1, 2] } é".getBytes(StandardCharsets.UTF_8);
        DeadLetter d =
                DeadLetter.of(
                        new RawRecord("instances", 3, 99L, 1234L, value), "missing field \"id\"");

        JsonNode o = read(RecordJson.deadLetter(d));

        assertThat(o.get("topic").asText()).isEqualTo("instances");
        assertThat(o.get("partition").asInt()).isEqualTo(3);
        assertThat(o.get("offset").asLong()).isEqualTo(99L);
        assertThat(o.get("timestamp").asLong()).isEqualTo(1234L);
        assertThat(o.get("error").asText()).isEqualTo("missing field \"id\"");
        assertThat(o.get("raw").asText()).isEqualTo(new String(value, StandardCharsets.UTF_8));
        assertThat(o.get("size").asInt()).isEqualTo(value.length);
        assertThat(o.has("raw_base64")).as("text is enough for valid UTF-8").isFalse();
        assertThat(o.has("truncated")).isFalse();
    }

    @Test
    void deadLetterOfInvalidUtf8HasNullRawAndExactBase64() throws IOException {
        byte[] value = {'{', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, (byte) 0x80, '}'};
        DeadLetter d =
                DeadLetter.of(new RawRecord("instances", 0, 1L, 2L, value), "malformed JSON: ...");

        JsonNode o = read(RecordJson.deadLetter(d));

        assertThat(o.has("raw")).isFalse();
        assertThat(Base64.getDecoder().decode(o.get("raw_base64").asText())).isEqualTo(value);
    }

    @Test
    void aHugeBadRecordIsCutSoThatItsDeadLetterFitsInKafka() throws Exception {
        byte[] value =
                ("{\"pad\":\"" + "x".repeat(900_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter d = DeadLetter.of(new RawRecord("instances", 0, 7L, 2L, value), "too large");

        byte[] json = RecordJson.deadLetter(d);
        JsonNode o = read(json);

        assertThat(json.length).isLessThan(RecordJson.DEAD_LETTER_MAX_RAW_BYTES + 1024);
        assertThat(o.get("truncated").asBoolean()).isTrue();
        assertThat(o.get("size").asInt()).isEqualTo(value.length);
        assertThat(o.get("raw").asText())
                .hasSize(RecordJson.DEAD_LETTER_MAX_RAW_BYTES)
                .isEqualTo(
                        new String(
                                value,
                                0,
                                RecordJson.DEAD_LETTER_MAX_RAW_BYTES,
                                StandardCharsets.UTF_8));
        assertThat(o.get("sha256").asText())
                .isEqualTo(
                        java.util.HexFormat.of()
                                .formatHex(
                                        java.security.MessageDigest.getInstance("SHA-256")
                                                .digest(value)));
    }

    @Test
    void deadLetterOfAnEmptyValue() throws IOException {
        DeadLetter d =
                DeadLetter.of(new RawRecord("instances", 0, 1L, 2L, new byte[0]), "empty record");

        JsonNode o = read(RecordJson.deadLetter(d));

        assertThat(o.get("raw").asText()).isEmpty();
        assertThat(o.get("size").asInt()).isZero();
    }

    @Test
    void writesAnInstanceThatTheInstanceParserReadsBack() throws Exception {
        byte[] bytes =
                RecordJson.instance(
                        "s1", "42", 1000L, List.of(0.1, "2", 0.5, 0, 0, 0, 0, 1), "DOWN");

        JsonNode o = read(bytes);
        assertThat(o.get("x").get(1).asText()).isEqualTo("2");
        assertThat(o.get("x").get(7).isNumber()).isTrue();

        Instance in =
                new InstanceParser(SchemaCatalog.forAll(InstanceParserTest.ELEC))
                        .parse(new RawRecord("instances", 0, 0L, 0L, bytes));
        assertThat(in.ts()).isEqualTo(1000L);
        assertThat(Arrays.stream(in.x()).boxed())
                .containsExactly(0.1, 1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 1.0);
        assertThat(in.y()).isEqualTo(1);
    }

    @Test
    void anUnlabelledInstanceHasNoY() throws IOException {
        JsonNode o = read(RecordJson.instance("s1", "1", 0L, List.of(1.0), null));

        assertThat(o.has("y")).isFalse();
    }
}
