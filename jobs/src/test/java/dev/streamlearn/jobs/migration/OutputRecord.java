package dev.streamlearn.jobs.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record a job committed on one of its output topics, as a line of {@code
 * expected-after-restore.jsonl}: {@code {"topic":..,"key":..,"value":{the record's JSON}}}.
 *
 * <p>The order of the file is {@link #ORDER}: by topic, then by Kafka key, then by offset within
 * the topic. Across keys the order in a topic is not deterministic (a sink merges the inputs of a
 * union as they come, e.g. parser dead letters and the model's rejected labels), but the records of
 * one key come from one operator in the order it processed its input, which the feeding phases fix.
 * The offset itself is not written: it counts the transaction markers, one per checkpoint, and the
 * number of checkpoints depends on timing.
 *
 * @param topic the output topic
 * @param key the Kafka key as text
 * @param offset the offset in the topic (ordering only)
 * @param value the record, parsed
 */
record OutputRecord(String topic, String key, long offset, JsonNode value) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The order of {@code expected-after-restore.jsonl}. */
    static final Comparator<OutputRecord> ORDER =
            Comparator.comparing(OutputRecord::topic)
                    .thenComparing(OutputRecord::key)
                    .thenComparingLong(OutputRecord::offset);

    static OutputRecord of(ConsumerRecord<byte[], byte[]> r) {
        try {
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            return new OutputRecord(r.topic(), key, r.offset(), MAPPER.readTree(r.value()));
        } catch (IOException e) {
            throw new UncheckedIOException("an output record is not JSON: " + r, e);
        }
    }

    /** The line without the offset, the form compared and committed. */
    JsonNode line() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("topic", topic).put("key", key).set("value", value);
        return o;
    }

    static String text(JsonNode line) {
        try {
            return MAPPER.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records in {@link #ORDER}, as lines. */
    static List<JsonNode> sortedLines(List<OutputRecord> records) {
        List<OutputRecord> sorted = new ArrayList<>(records);
        sorted.sort(ORDER);
        List<JsonNode> out = new ArrayList<>();
        for (OutputRecord r : sorted) {
            out.add(r.line());
        }
        return out;
    }

    static void write(Path file, List<JsonNode> lines) throws IOException {
        List<String> text = new ArrayList<>();
        for (JsonNode l : lines) {
            text.add(text(l));
        }
        Files.write(file, text, StandardCharsets.UTF_8);
    }

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(MAPPER.readTree(line));
            }
        }
        return out;
    }
}
