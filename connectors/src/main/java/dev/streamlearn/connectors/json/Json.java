package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** The one JSON mapper of Streamlearn's records, and the field accessors the parsers share. */
public final class Json {

    /**
     * Lenient on reading NaN and Infinity so that the validator can name them instead of a generic
     * syntax error; strict on trailing garbage.
     */
    public static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private static final Pattern SOURCE_LOCATION =
            Pattern.compile("\\s*\\(?(start marker )?at \\[Source:.*$");

    private Json() {}

    /** Reads a JSON object from UTF-8 bytes. */
    public static ObjectNode readObject(byte[] bytes) throws BadRecordException {
        if (bytes.length == 0) {
            throw new BadRecordException("empty record: the value has no bytes (a null value?)");
        }
        final JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw BadRecordException.of("malformed JSON: %s", firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw BadRecordException.of("unreadable record: %s", e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw BadRecordException.of(
                    "expected a JSON object, got %s",
                    node == null || node.isMissingNode()
                            ? "only whitespace"
                            : node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return (ObjectNode) node;
    }

    /** A required string field; numbers are accepted and written as text (ids). */
    public static String requiredText(ObjectNode obj, String field) throws BadRecordException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw BadRecordException.of("missing field \"%s\"", field);
        }
        if (v.isTextual()) {
            if (v.asText().isEmpty()) {
                throw BadRecordException.of("field \"%s\" is an empty string", field);
            }
            if (v.asText().isBlank()) {
                throw BadRecordException.of(
                        "field \"%s\" is only whitespace; send a visible name or id", field);
            }
            return v.asText();
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        throw BadRecordException.of("field \"%s\" must be a string, got %s", field, describe(v));
    }

    /** An optional integral field such as a timestamp. */
    public static long optionalLong(ObjectNode obj, String field, long otherwise)
            throws BadRecordException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw BadRecordException.of(
                    "field \"%s\" must be an integer (epoch milliseconds), got %s",
                    field, describe(v));
        }
        return v.asLong();
    }

    /** A required integral field that is 0 or more (an episode or step number). */
    public static long requiredNonNegativeLong(ObjectNode obj, String field)
            throws BadRecordException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw BadRecordException.of("missing field \"%s\" (an integer, 0 or more)", field);
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw BadRecordException.of(
                    "field \"%s\" must be an integer, 0 or more, got %s", field, describe(v));
        }
        return v.asLong();
    }

    /** An optional boolean field, false when absent or null. */
    public static boolean optionalBoolean(ObjectNode obj, String field) throws BadRecordException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw BadRecordException.of(
                    "field \"%s\" must be true or false, got %s", field, describe(v));
        }
        return v.asBoolean();
    }

    /** A required array of finite numbers. */
    public static double[] finiteArray(ObjectNode obj, String field) throws BadRecordException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw BadRecordException.of("missing field \"%s\" (an array of numbers)", field);
        }
        if (!v.isArray()) {
            throw BadRecordException.of(
                    "field \"%s\" must be an array of numbers, got %s", field, describe(v));
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber()) {
                throw BadRecordException.of(
                        "%s[%d] must be a number, got %s", field, i, describe(e));
            }
            out[i] = e.asDouble();
            if (!Double.isFinite(out[i])) {
                throw BadRecordException.of(
                        "%s[%d] is %s; values must be finite numbers", field, i, out[i]);
            }
        }
        return out;
    }

    /** Describes a value for an error message: its JSON type and, if short, the value itself. */
    public static String describe(JsonNode v) {
        String type =
                v.getNodeType() == JsonNodeType.NUMBER
                        ? "number"
                        : v.getNodeType().name().toLowerCase(Locale.ROOT);
        String text = v.toString();
        return text.length() <= 40 ? type + " " + text : type;
    }

    /** Writes a tree as UTF-8 bytes. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown syntax error";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        // Jackson appends where it was in the source ("(start marker at [Source: ...])"): noise
        // here.
        return SOURCE_LOCATION.matcher(line).replaceFirst("");
    }
}
