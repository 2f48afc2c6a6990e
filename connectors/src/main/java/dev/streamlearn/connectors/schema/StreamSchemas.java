package dev.streamlearn.connectors.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@link StreamSchema}s from a JSON schema file or from the header of an ARFF file.
 *
 * <p>The JSON form:
 *
 * <pre>{@code
 * {"name": "elec",
 *  "attributes": [{"name": "day", "values": ["1","2","3","4","5","6","7"]},
 *                 {"name": "nswprice", "type": "numeric"}],
 *  "classes": ["UP", "DOWN"]}
 * }</pre>
 *
 * <p>In an ARFF header the class is the last attribute, which must be nominal.
 */
public final class StreamSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamSchemas() {}

    /** Reads a schema from a {@code .json} schema file or an {@code .arff} file (header only). */
    public static StreamSchema read(Path file) {
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new SchemaException(
                    String.format(
                            "schema file %s does not exist; pass a .json schema or an .arff file",
                            file));
        }
        try {
            if (fileName.endsWith(".arff")) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    return fromArff(reader);
                }
            }
            if (fileName.endsWith(".json")) {
                return fromJson(Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema file " + file, e);
        }
        throw new SchemaException(
                String.format(
                        "cannot tell the format of schema file %s; name it *.json or *.arff",
                        file));
    }

    /** Parses the JSON form shown in the class documentation. */
    public static StreamSchema fromJson(String json) {
        final JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new SchemaException("schema is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SchemaException(
                    "schema must be a JSON object with \"name\", \"attributes\" and \"classes\"");
        }
        String name = root.path("name").asText("stream");
        JsonNode attrs = root.get("attributes");
        if (attrs == null || !attrs.isArray()) {
            throw new SchemaException(
                    "schema needs an \"attributes\" array, e.g. [{\"name\":\"a1\",\"type\":\"numeric\"}]");
        }
        List<Attribute> attributes = new ArrayList<>();
        for (JsonNode a : attrs) {
            String attrName = a.path("name").asText("");
            JsonNode values = a.get("values");
            String type = a.path("type").asText(values == null ? "numeric" : "nominal");
            switch (type.toLowerCase(Locale.ROOT)) {
                case "numeric", "real", "integer" -> attributes.add(Attribute.numeric(attrName));
                case "nominal" ->
                        attributes.add(Attribute.nominal(attrName, strings(values, attrName)));
                default ->
                        throw new SchemaException(
                                String.format(
                                        "attribute '%s' has type '%s'; use \"numeric\" or"
                                                + " \"nominal\" (with \"values\")",
                                        attrName, type));
            }
        }
        JsonNode classes = root.get("classes");
        if (classes == null) {
            throw new SchemaException("schema needs a \"classes\" array, e.g. [\"UP\",\"DOWN\"]");
        }
        return new StreamSchema(name, attributes, strings(classes, "classes"));
    }

    private static List<String> strings(JsonNode array, String what) {
        if (array == null || !array.isArray()) {
            throw new SchemaException(
                    String.format("'%s' needs a \"values\" array of strings", what));
        }
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** Parses an ARFF header (up to {@code @data}); the last attribute is the class. */
    public static StreamSchema fromArff(Reader reader) throws IOException {
        return ArffHeader.parse(
                        reader instanceof BufferedReader br ? br : new BufferedReader(reader))
                .schema();
    }

    /** Parses an ARFF header given as text. */
    public static StreamSchema fromArff(String header) {
        try {
            return fromArff(new StringReader(header));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
