package dev.streamlearn.operators.streams;

import dev.streamlearn.connectors.schema.StreamSchema;
import java.util.Iterator;

/**
 * A source of labelled instances in a schema's encoding (nominal values as indexes): a MOA
 * generator, an ARFF file or a CSV file. Open one with {@link Streams#open}.
 */
public interface LabelledStream extends Iterator<LabelledStream.Example>, AutoCloseable {

    /**
     * One labelled instance.
     *
     * @param x attribute values, nominal ones as value indexes
     * @param y class index
     */
    record Example(double[] x, int y) {}

    StreamSchema schema();

    @Override
    void close();
}
