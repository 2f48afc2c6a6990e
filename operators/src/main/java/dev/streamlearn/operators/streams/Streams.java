package dev.streamlearn.operators.streams;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.connectors.schema.StreamSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a labelled stream from a short spec: a data set that ships with Streamlearn ({@code elec},
 * see {@link DataSets}), an {@code .arff} file, a {@code .csv} file (with a schema), or a MOA
 * stream CLI string.
 *
 * <pre>{@code
 * Streams.open("generators.SEAGenerator -f 2", null);
 * Streams.open("elec", null);
 * Streams.open("data/elecNormNew.arff", null);
 * Streams.open("data/elec.csv", Path.of("elec.json"));
 * }</pre>
 */
public final class Streams {
    private Streams() {}

    public static LabelledStream open(String spec, Path csvSchema) {
        var dataSet = DataSets.named(spec);
        if (dataSet.isPresent()) {
            return FileStream.arff(dataSet.get());
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".arff") || lower.endsWith(".csv")) {
            Path file = Path.of(spec);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(
                        "file "
                                + file.toAbsolutePath()
                                + " does not exist; pass an existing file or a data set that"
                                + " ships with Streamlearn ("
                                + DataSets.names()
                                + ")");
            }
            if (lower.endsWith(".arff")) {
                return FileStream.arff(file);
            }
            if (csvSchema == null) {
                throw new IllegalArgumentException(
                        "a CSV file needs a schema: pass --schema FILE (.json or .arff header)");
            }
            StreamSchema schema = StreamSchemas.read(csvSchema);
            return FileStream.csv(file, schema);
        }
        return MoaGeneratorStream.open(spec);
    }
}
