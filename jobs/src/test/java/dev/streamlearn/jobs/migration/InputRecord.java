package dev.streamlearn.jobs.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One record a frozen case writes to one of its job's input topics, with the Kafka key and the
 * Kafka timestamp it is produced with (never the wall clock: dead letters and event time carry it).
 * {@code input.jsonl} holds every record a case fed, in the order fed, so that a later run produces
 * exactly the same records at exactly the same offsets.
 *
 * @param phase the feeding phase: {@code A1, A2, ...} before the savepoint, {@code B1, ...} after
 *     the restore; a phase's records are fed together and processed before the next phase starts
 * @param topic the input topic
 * @param key the Kafka key
 * @param timestamp the Kafka timestamp (ms)
 * @param value the value bytes
 */
record InputRecord(String phase, String topic, String key, long timestamp, byte[] value) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Whether the record belongs to the input before the savepoint. */
    boolean beforeSavepoint() {
        return phase.startsWith("A");
    }

    /** One line of {@code input.jsonl}; the value as text, or in base64 when not UTF-8. */
    String toLine() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("phase", phase).put("topic", topic).put("key", key).put("timestamp", timestamp);
        String text = utf8OrNull(value);
        if (text != null) {
            o.put("value", text);
        } else {
            o.put("value_base64", Base64.getEncoder().encodeToString(value));
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputRecord fromLine(String line) {
        try {
            JsonNode o = MAPPER.readTree(line);
            byte[] value =
                    o.has("value")
                            ? o.get("value").asText().getBytes(StandardCharsets.UTF_8)
                            : Base64.getDecoder().decode(o.get("value_base64").asText());
            return new InputRecord(
                    o.get("phase").asText(),
                    o.get("topic").asText(),
                    o.get("key").asText(),
                    o.get("timestamp").asLong(),
                    value);
        } catch (IOException e) {
            throw new UncheckedIOException("not an input record: " + line, e);
        }
    }

    static void write(Path file, List<InputRecord> records) throws IOException {
        List<String> lines = new ArrayList<>();
        for (InputRecord r : records) {
            lines.add(r.toLine());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static List<InputRecord> read(Path file) throws IOException {
        List<InputRecord> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(fromLine(line));
            }
        }
        return out;
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
