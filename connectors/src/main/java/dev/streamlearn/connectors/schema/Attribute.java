package dev.streamlearn.connectors.schema;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One input attribute of a stream: numeric, or nominal with a fixed list of values.
 *
 * @param name the attribute name, as in the ARFF header or the schema file
 * @param values the nominal values in declaration order; empty for a numeric attribute
 */
public record Attribute(String name, List<String> values) implements Serializable {

    public Attribute {
        Objects.requireNonNull(name, "attribute name");
        if (name.isBlank()) {
            throw new SchemaException(
                    "an attribute has an empty name; give every attribute a name");
        }
        values = List.copyOf(values);
        if (values.stream().distinct().count() != values.size()) {
            throw new SchemaException(
                    String.format(
                            "nominal attribute '%s' lists a value twice: %s; list each value once",
                            name, values));
        }
    }

    public static Attribute numeric(String name) {
        return new Attribute(name, List.of());
    }

    public static Attribute nominal(String name, List<String> values) {
        if (values.isEmpty()) {
            throw new SchemaException(
                    String.format(
                            "nominal attribute '%s' has no values; list them, e.g. {UP,DOWN}",
                            name));
        }
        return new Attribute(name, values);
    }

    public boolean isNumeric() {
        return values.isEmpty();
    }

    /** Index of a nominal value, or -1 when the value is not declared. */
    public int indexOf(String value) {
        return values.indexOf(value);
    }
}
