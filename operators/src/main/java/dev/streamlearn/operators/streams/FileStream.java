package dev.streamlearn.operators.streams;

import dev.streamlearn.connectors.schema.ArffHeader;
import dev.streamlearn.connectors.schema.Attribute;
import dev.streamlearn.connectors.schema.StreamSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Rows of an ARFF file (schema from its header) or of a CSV file (schema given; a first row equal
 * to the attribute names is skipped). The class is the last column.
 */
public final class FileStream implements LabelledStream {
    /** The file or data set, in messages. */
    private final String source;

    private final BufferedReader reader;
    private final StreamSchema schema;
    private int lineNo;
    private Example next;

    private FileStream(String source, BufferedReader reader, StreamSchema schema, int lineNo) {
        this.source = source;
        this.reader = reader;
        this.schema = schema;
        this.lineNo = lineNo;
        advance(true);
    }

    /** Opens an ARFF file; its header is the schema. */
    public static FileStream arff(Path file) {
        return arff(file.toString(), open(file));
    }

    /** Opens a data set that ships with Streamlearn; its ARFF header is the schema. */
    public static FileStream arff(DataSets data) {
        return arff(data.shortName() + " (" + data.fileName() + ")", data.openReader());
    }

    private static FileStream arff(String source, BufferedReader reader) {
        try {
            ArffHeader header = ArffHeader.parse(reader);
            return new FileStream(source, reader, header.schema(), header.linesRead());
        } catch (IOException e) {
            closeQuietly(reader, e);
            throw new UncheckedIOException("cannot read " + source, e);
        } catch (RuntimeException e) {
            closeQuietly(reader, e);
            throw e;
        }
    }

    /** Opens a CSV file whose columns are the schema's attributes followed by the class. */
    public static FileStream csv(Path file, StreamSchema schema) {
        BufferedReader reader = open(file);
        try {
            return new FileStream(file.toString(), reader, schema, 0);
        } catch (RuntimeException e) {
            closeQuietly(reader, e);
            throw e;
        }
    }

    private static void closeQuietly(BufferedReader reader, Exception failure) {
        try {
            reader.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static BufferedReader open(Path file) {
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open " + file + "; check the path and permissions", e);
        }
    }

    private void advance(boolean first) {
        next = null;
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                String row = line.strip();
                if (row.isEmpty() || row.startsWith("%")) {
                    continue;
                }
                List<String> cells = ArffHeader.splitRow(row);
                if (first && cells.get(0).equals(schema.attribute(0).name())) {
                    first = false;
                    continue;
                }
                next = parse(cells);
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + " at line " + lineNo, e);
        }
    }

    private Example parse(List<String> cells) {
        int n = schema.numAttributes();
        if (cells.size() != n + 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s line %d has %d columns; expected %d attributes and the class",
                            source, lineNo, cells.size(), n));
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            Attribute a = schema.attribute(i);
            String cell = cells.get(i);
            if (a.isNumeric()) {
                try {
                    x[i] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            String.format(
                                    "%s line %d: '%s' of attribute '%s' is not a number",
                                    source, lineNo, cell, a.name()),
                            e);
                }
            } else {
                x[i] = index(a.values(), cell, a.name());
            }
        }
        return new Example(x, index(schema.classValues(), cells.get(n), "class"));
    }

    private int index(List<String> values, String cell, String what) {
        int k = values.indexOf(cell);
        if (k < 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s line %d: '%s' is not a value of %s %s",
                            source, lineNo, cell, what, values));
        }
        return k;
    }

    @Override
    public StreamSchema schema() {
        return schema;
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public Example next() {
        if (next == null) {
            throw new NoSuchElementException("no more rows in " + source);
        }
        Example e = next;
        advance(false);
        return e;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
