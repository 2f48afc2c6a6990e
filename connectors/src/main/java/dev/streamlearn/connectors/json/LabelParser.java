package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;

/** Parses a delayed label: {@code {"stream":"s1","id":"42","y":"DOWN"}}; {@code y} is required. */
public final class LabelParser implements RecordParser<Label> {
    private static final long serialVersionUID = 1L;

    private final SchemaCatalog schemas;

    public LabelParser(SchemaCatalog schemas) {
        this.schemas = schemas;
    }

    @Override
    public Label parse(RawRecord raw) throws BadRecordException {
        ObjectNode obj = Json.readObject(raw.value());
        String stream = Json.requiredText(obj, "stream");
        StreamSchema schema =
                schemas.forStream(stream)
                        .orElseThrow(
                                () ->
                                        BadRecordException.of(
                                                "unknown stream '%s': this job knows %s",
                                                stream, schemas.describe()));
        String id = Json.requiredText(obj, "id");
        int y = InstanceParser.classIndex(obj.get("y"), stream, schema);
        if (y == Instance.UNLABELLED) {
            throw BadRecordException.of(
                    "a label record needs \"y\", one of %s", schema.classValues());
        }
        return new Label(stream, id, y);
    }
}
