package dev.streamlearn.jobs.produce;

import dev.streamlearn.connectors.schema.StreamSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Malformed and invalid instance records, one of each kind the validator rejects, for the demo (to
 * show the dead-letter topic at work) and the tests.
 */
public final class BadRecords {
    /** The kinds, in the order {@link #make} cycles through them. */
    public static final List<String> KINDS =
            List.of(
                    "malformed-json",
                    "missing-x",
                    "wrong-arity",
                    "wrong-type",
                    "nan",
                    "unknown-class",
                    "not-an-object",
                    "oversized");

    /**
     * Size of the padding of an oversized record: above the 64 KiB limit the demo and tests set.
     */
    public static final int OVERSIZED_BYTES = 100_000;

    private BadRecords() {}

    /** A bad record of kind {@code KINDS.get(n % KINDS.size())} for {@code stream}. */
    public static byte[] make(long n, String stream, StreamSchema schema) {
        String id = "bad-" + n;
        String kind = KINDS.get((int) (n % KINDS.size()));
        String json =
                switch (kind) {
                    case "malformed-json" ->
                            "{\"stream\":\"" + stream + "\",\"id\":\"" + id + "\",\"x\":[1,2";
                    case "missing-x" -> "{\"stream\":\"" + stream + "\",\"id\":\"" + id + "\"}";
                    case "wrong-arity" ->
                            "{\"stream\":\"" + stream + "\",\"id\":\"" + id + "\",\"x\":[1.0]}";
                    case "wrong-type" ->
                            "{\"stream\":\""
                                    + stream
                                    + "\",\"id\":\""
                                    + id
                                    + "\",\"x\":"
                                    + values(schema, "\"oops\"")
                                    + "}";
                    case "nan" ->
                            "{\"stream\":\""
                                    + stream
                                    + "\",\"id\":\""
                                    + id
                                    + "\",\"x\":"
                                    + values(schema, "NaN")
                                    + "}";
                    case "unknown-class" ->
                            "{\"stream\":\""
                                    + stream
                                    + "\",\"id\":\""
                                    + id
                                    + "\",\"x\":"
                                    + values(schema, "1.0")
                                    + ",\"y\":\"no-such-class\"}";
                    case "not-an-object" -> "[\"" + stream + "\",\"" + id + "\"]";
                    case "oversized" ->
                            "{\"stream\":\""
                                    + stream
                                    + "\",\"id\":\""
                                    + id
                                    + "\",\"pad\":\""
                                    + "x".repeat(OVERSIZED_BYTES)
                                    + "\"}";
                    default -> throw new IllegalStateException(kind);
                };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON array with the right arity, every numeric slot set to {@code numeric}. */
    private static String values(StreamSchema schema, String numeric) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < schema.numAttributes(); i++) {
            var a = schema.attribute(i);
            sb.append(i > 0 ? "," : "")
                    .append(a.isNumeric() ? numeric : "\"" + a.values().get(0) + "\"");
        }
        return sb.append(']').toString();
    }
}
