package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.Attribute;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;

/**
 * Parses and validates an instance record against its stream's schema: {@code
 * {"stream":"s1","id":"42","ts":1732600000000,"x":[0.1,"UP",3.2],"y":"DOWN"}}.
 *
 * <p>{@code ts} is optional (the Kafka timestamp is used), {@code y} is optional (absent or null
 * means unlabelled). Every rejection names the field, the value and what was expected.
 */
public final class InstanceParser implements RecordParser<Instance> {
    private static final long serialVersionUID = 1L;

    private final SchemaCatalog schemas;

    public InstanceParser(SchemaCatalog schemas) {
        this.schemas = schemas;
    }

    @Override
    public Instance parse(RawRecord raw) throws BadRecordException {
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
        long ts = Json.optionalLong(obj, "ts", raw.timestamp());
        double[] x = values(obj.get("x"), stream, schema);
        int y = classIndex(obj.get("y"), stream, schema);
        return new Instance(stream, id, ts, x, y);
    }

    private static double[] values(JsonNode xs, String stream, StreamSchema schema)
            throws BadRecordException {
        int n = schema.numAttributes();
        if (xs == null || xs.isNull()) {
            throw BadRecordException.of(
                    "missing field \"x\": stream '%s' needs an array of %d attribute values",
                    stream, n);
        }
        if (!xs.isArray()) {
            throw BadRecordException.of(
                    "field \"x\" must be an array of %d values, got %s", n, Json.describe(xs));
        }
        if (xs.size() != n) {
            throw BadRecordException.of(
                    "x has %d values but stream '%s' declares %d attributes", xs.size(), stream, n);
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = value(xs.get(i), i, schema.attribute(i));
        }
        return x;
    }

    private static double value(JsonNode v, int i, Attribute attr) throws BadRecordException {
        if (v.isNull()) {
            throw BadRecordException.of(
                    "x[%d] ('%s') is null; missing values are not supported, send a value",
                    i, attr.name());
        }
        if (attr.isNumeric()) {
            if (!v.isNumber()) {
                throw BadRecordException.of(
                        "x[%d] ('%s') must be a number, got %s", i, attr.name(), Json.describe(v));
            }
            double d = v.asDouble();
            if (!Double.isFinite(d)) {
                throw BadRecordException.of(
                        "x[%d] ('%s') is %s; values must be finite numbers", i, attr.name(), d);
            }
            return d;
        }
        if (!v.isTextual()) {
            throw BadRecordException.of(
                    "x[%d] ('%s') is nominal and must be one of %s as a string, got %s",
                    i, attr.name(), attr.values(), Json.describe(v));
        }
        int index = attr.indexOf(v.asText());
        if (index < 0) {
            throw BadRecordException.of(
                    "x[%d] ('%s') is '%s', not one of its declared values %s",
                    i, attr.name(), v.asText(), attr.values());
        }
        return index;
    }

    /** Reads the class of an instance or label: absent or null is unlabelled. */
    static int classIndex(JsonNode y, String stream, StreamSchema schema)
            throws BadRecordException {
        if (y == null || y.isNull()) {
            return Instance.UNLABELLED;
        }
        String value = y.isTextual() || y.isNumber() ? y.asText() : null;
        int index = value == null ? -1 : schema.classIndex(value);
        if (index < 0) {
            throw BadRecordException.of(
                    "y is %s, not a class of stream '%s'; classes are %s",
                    Json.describe(y), stream, schema.classValues());
        }
        return index;
    }
}
