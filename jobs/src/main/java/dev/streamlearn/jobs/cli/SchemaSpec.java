package dev.streamlearn.jobs.cli;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.connectors.schema.StreamSchemas;
import dev.streamlearn.operators.streams.DataSets;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Resolves a {@code --schema} value while the command line is parsed: a .json or .arff file, a data
 * set that ships with Streamlearn ({@code elec}: its ARFF header), or a MOA stream whose header is
 * used. A value that is none of these fails the parse with the reason.
 */
final class SchemaSpec implements CommandLine.ITypeConverter<StreamSchema> {

    @Override
    public StreamSchema convert(String spec) {
        try {
            return resolve(spec);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException(
                    e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    static StreamSchema resolve(String spec) {
        Path file = Path.of(spec);
        if (Files.isRegularFile(file)) {
            return StreamSchemas.read(file);
        }
        Optional<DataSets> dataSet = DataSets.named(spec);
        if (dataSet.isPresent()) {
            try (BufferedReader reader = dataSet.get().openReader()) {
                return StreamSchemas.fromArff(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read data set " + spec, e);
            }
        }
        if (spec.endsWith(".json") || spec.endsWith(".arff")) {
            throw new IllegalArgumentException(
                    "schema file "
                            + file.toAbsolutePath()
                            + " does not exist; pass an existing .json or .arff file, a data set"
                            + " that ships with Streamlearn ("
                            + DataSets.names()
                            + ") or a MOA stream");
        }
        return MoaGeneratorStream.open(spec).schema();
    }
}
