package dev.streamlearn.operators.tpp.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamlearn.operators.tpp.EventSequence;
import java.util.List;

/**
 * Sequences padded to one length {@code L} as arrays: event times {@code (B, L)} (a padded position
 * repeats the last time, so its gap is 0), types {@code (B, L)} (padding is type {@code K}), and
 * the mask of real events {@code (B, L)}. Every sequence needs at least one event.
 */
public record TppBatch(NDArray times, NDArray types, NDArray valid, int size, int length) {

    /** The batch of {@code seqs} in {@code manager}, times in {@code dataType}. */
    public static TppBatch of(
            List<EventSequence> seqs, int types, NDManager manager, DataType dataType) {
        int b = seqs.size();
        int l = seqs.stream().mapToInt(EventSequence::size).max().orElse(0);
        if (b == 0 || seqs.stream().anyMatch(s -> s.size() == 0)) {
            throw new IllegalArgumentException(
                    "a batch needs sequences of at least one event each");
        }
        float[] t = new float[b * l];
        long[] k = new long[b * l];
        float[] v = new float[b * l];
        for (int i = 0; i < b; i++) {
            EventSequence s = seqs.get(i);
            for (int j = 0; j < l; j++) {
                boolean real = j < s.size();
                t[i * l + j] = (float) s.times()[Math.min(j, s.size() - 1)];
                int type = real ? s.types()[j] : types;
                if (type >= types) {
                    if (real) {
                        throw new IllegalArgumentException(
                                String.format(
                                        "event %d of sequence %d has type %d, but the model knows"
                                                + " %d types (0 to %d): map the event types to"
                                                + " 0..%d, or build the model with more types",
                                        j, i, type, types, types - 1, types - 1));
                    }
                }
                k[i * l + j] = type;
                v[i * l + j] = real ? 1 : 0;
            }
        }
        Shape shape = new Shape(b, l);
        return new TppBatch(
                manager.create(t, shape).toType(dataType, false),
                manager.create(k, shape),
                manager.create(v, shape).toType(dataType, false),
                b,
                l);
    }
}
