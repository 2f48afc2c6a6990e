package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.records.FeatureRow;
import dev.streamlearn.connectors.records.RawRecord;

/**
 * Parses and validates a feature row for a model of {@code width} inputs: {@code
 * {"id":"r1","features":[0.1,-2.0,3.5]}}. A row of another length, with a value that is not a
 * number, not finite or beyond a float's range is refused with what to send instead.
 *
 * <pre>{@code
 * FeatureRow row = new FeatureRowParser(8).parse(raw);
 * }</pre>
 */
public final class FeatureRowParser implements RecordParser<FeatureRow> {
    private static final long serialVersionUID = 1L;

    private final int width;

    /** A parser for rows of {@code width} features. */
    public FeatureRowParser(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        this.width = width;
    }

    @Override
    public FeatureRow parse(RawRecord raw) throws BadRecordException {
        ObjectNode obj = Json.readObject(raw.value());
        String id = Json.requiredText(obj, "id");
        double[] values = Json.finiteArray(obj, "features");
        if (values.length != width) {
            throw BadRecordException.of(
                    "\"features\" has %d values but the model takes %d; send rows of %d numbers",
                    values.length, width, width);
        }
        float[] features = new float[width];
        for (int i = 0; i < width; i++) {
            if (Math.abs(values[i]) > Float.MAX_VALUE) {
                throw BadRecordException.of(
                        "features[%d] is %s, beyond the model's float range (±%s)",
                        i, values[i], Float.MAX_VALUE);
            }
            features[i] = (float) values[i];
        }
        return new FeatureRow(id, features);
    }
}
