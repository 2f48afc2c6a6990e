package dev.streamlearn.connectors.records;

/**
 * A validated instance of a stream: the attribute values in schema order, nominal values given as
 * their index, and the class index when the instance is labelled.
 *
 * @param stream the stream key (one model per stream key)
 * @param id the instance id, unique within the stream (labels join on it)
 * @param ts event time in ms
 * @param x attribute values; nominal attributes hold the value's index
 * @param y class index, or {@link #UNLABELLED}
 */
public record Instance(String stream, String id, long ts, double[] x, int y) {
    public static final int UNLABELLED = -1;

    public boolean isLabelled() {
        return y != UNLABELLED;
    }
}
