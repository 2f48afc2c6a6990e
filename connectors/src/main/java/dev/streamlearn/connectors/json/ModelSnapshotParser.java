package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.connectors.records.RawRecord;
import java.util.Base64;

/**
 * Parses a model version of the model topic, as {@link RecordJson#modelSnapshot} writes it; only
 * the snapshots of one model name are accepted, so that one topic can carry several models.
 */
public final class ModelSnapshotParser implements RecordParser<ModelSnapshot> {
    private static final long serialVersionUID = 1L;

    private final String model;

    /** A parser of the snapshots of {@code model}. */
    public ModelSnapshotParser(String model) {
        this.model = model;
    }

    @Override
    public ModelSnapshot parse(RawRecord raw) throws BadRecordException {
        ObjectNode obj = Json.readObject(raw.value());
        String name = Json.requiredText(obj, "model");
        if (!name.equals(model)) {
            throw BadRecordException.of(
                    "a snapshot of model \"%s\", but this job reads \"%s\"", name, model);
        }
        long version = Json.requiredNonNegativeLong(obj, "version");
        long windowEnd = Json.optionalLong(obj, "window_end", 0);
        long events = Json.optionalLong(obj, "events", 0);
        String codec = Json.requiredText(obj, "codec");
        JsonNode b = obj.get("bytes");
        if (b == null || !b.isTextual()) {
            throw new BadRecordException(
                    "missing field \"bytes\" (the model's codec envelope in base64)");
        }
        try {
            return new ModelSnapshot(
                    name,
                    version,
                    windowEnd,
                    events,
                    codec,
                    Base64.getDecoder().decode(b.asText()));
        } catch (IllegalArgumentException e) {
            throw BadRecordException.of("\"bytes\" is not base64: %s", e.getMessage());
        }
    }
}
