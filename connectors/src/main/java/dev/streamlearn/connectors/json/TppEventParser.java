package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.records.TppEvent;
import java.util.HashMap;
import java.util.List;

/**
 * Parses and validates a point-process event, {@code {"entity":"u1","ts":1732600000000,
 * "type":"click"}}, against the job's declared types; an optional {@code "truth_ll"} (a finite
 * number) is the true process's log-likelihood of the event. Whether the event comes in order for
 * its entity is checked later, where the entity's history is kept.
 *
 * <pre>{@code
 * TppEvent e = new TppEventParser(List.of("click", "view", "buy")).parse(raw);
 * }</pre>
 */
public final class TppEventParser implements RecordParser<TppEvent> {
    private static final long serialVersionUID = 1L;

    private final List<String> types;
    private final HashMap<String, Integer> index = new HashMap<>();

    /** A parser for events of the {@code types} given, in the order that numbers them. */
    public TppEventParser(List<String> types) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("declare at least one event type");
        }
        this.types = List.copyOf(types);
        for (int i = 0; i < types.size(); i++) {
            if (index.put(types.get(i), i) != null) {
                throw new IllegalArgumentException(
                        "event type '" + types.get(i) + "' is declared twice in " + types);
            }
        }
    }

    /** The declared types, in order. */
    public List<String> types() {
        return types;
    }

    @Override
    public TppEvent parse(RawRecord raw) throws BadRecordException {
        ObjectNode obj = Json.readObject(raw.value());
        String entity = Json.requiredText(obj, "entity");
        long ts = Json.requiredNonNegativeLong(obj, "ts");
        JsonNode t = obj.get("type");
        if (t == null || t.isNull()) {
            throw BadRecordException.of("missing field \"type\" (one of %s)", types);
        }
        if (!t.isTextual()) {
            throw BadRecordException.of(
                    "field \"type\" must be a string, one of %s; got %s", types, Json.describe(t));
        }
        Integer type = index.get(t.asText());
        if (type == null) {
            throw BadRecordException.of(
                    "unknown event type \"%s\"; this job declares %s (run tpp --types)",
                    abbreviated(t.asText()), types);
        }
        return new TppEvent(entity, ts, type, truth(obj), raw.partition(), raw.offset());
    }

    private static double truth(ObjectNode obj) throws BadRecordException {
        JsonNode v = obj.get("truth_ll");
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw BadRecordException.of(
                    "\"truth_ll\" must be a finite number (the true log-likelihood), got %s",
                    Json.describe(v));
        }
        return v.asDouble();
    }

    private static String abbreviated(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
