package dev.streamlearn.connectors.schema;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The shape of the instances of a stream: attribute names and kinds, in the order of the {@code x}
 * array of an instance record, and the class values.
 *
 * <p>Read one from a JSON file or an ARFF header with {@link StreamSchemas}:
 *
 * <pre>{@code
 * StreamSchema elec = StreamSchemas.read(Path.of("elecNormNew.arff"));
 * elec.numAttributes();   // 8
 * elec.classValues();     // [UP, DOWN]
 * }</pre>
 *
 * @param name the relation name
 * @param attributes the input attributes, in {@code x} order
 * @param classValues the class values; at least two
 */
public record StreamSchema(String name, List<Attribute> attributes, List<String> classValues)
        implements Serializable {

    public StreamSchema {
        Objects.requireNonNull(name, "schema name");
        attributes = List.copyOf(attributes);
        classValues = List.copyOf(classValues);
        if (attributes.isEmpty()) {
            throw new SchemaException(
                    String.format(
                            "schema '%s' declares no input attributes; declare at least one",
                            name));
        }
        if (classValues.size() < 2) {
            throw new SchemaException(
                    String.format(
                            "schema '%s' declares %d class values %s; a classification stream"
                                    + " needs at least two",
                            name, classValues.size(), classValues));
        }
        if (attributes.stream().map(Attribute::name).distinct().count() != attributes.size()) {
            throw new SchemaException(
                    String.format(
                            "schema '%s' names an attribute twice; attribute names must be unique",
                            name));
        }
        if (classValues.stream().distinct().count() != classValues.size()) {
            throw new SchemaException(
                    String.format("schema '%s' lists a class value twice: %s", name, classValues));
        }
    }

    public int numAttributes() {
        return attributes.size();
    }

    public int numClasses() {
        return classValues.size();
    }

    public Attribute attribute(int index) {
        return attributes.get(index);
    }

    /** Index of a class value, or -1 when it is not declared. */
    public int classIndex(String value) {
        return classValues.indexOf(value);
    }
}
