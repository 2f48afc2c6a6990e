package dev.streamlearn.jobs.cli;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.connectors.schema.StreamSchemas;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a {@code --schema} value: a .json or .arff file, or a MOA stream whose header is used.
 */
final class SchemaSpec {
    private SchemaSpec() {}

    static StreamSchema resolve(String spec) {
        Path file = Path.of(spec);
        if (Files.isRegularFile(file)) {
            return StreamSchemas.read(file);
        }
        if (spec.endsWith(".json") || spec.endsWith(".arff")) {
            throw new IllegalArgumentException(
                    "schema file " + file.toAbsolutePath() + " does not exist");
        }
        return MoaGeneratorStream.open(spec).schema();
    }
}
