package dev.streamlearn.operators.active;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The requests of an {@link ActiveLearner} whose answer has not come yet, oldest first, as far as
 * the learner needs them: the features (the latency-aware utility compares new instances with
 * them), the class predicted, whether the request was drawn at random (its label is an unbiased
 * sample) and the model epoch it was predicted by (a prediction of a model since reset says nothing
 * about the new one). Bounded: past {@value #CAPACITY} the oldest is forgotten (its answer then
 * counts as a request of the strategy's).
 *
 * <p>Public only so that {@link dev.streamlearn.operators.ModelCodecs} can register its codec
 * ({@link PendingRequestsCodec}); its members are the package's.
 */
public final class PendingRequests {
    /** The most requests remembered. */
    static final int CAPACITY = 1024;

    /** One pending request. */
    record Pending(double[] x, int predicted, boolean unbiased, long epoch) {}

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    void add(Pending p) {
        if (queue.size() == CAPACITY) {
            queue.removeFirst();
        }
        queue.addLast(p);
    }

    /** Removes and returns the oldest request for features equal to {@code x}, or null. */
    Pending take(double[] x) {
        Iterator<Pending> it = queue.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (Arrays.equals(p.x(), x)) {
                it.remove();
                return p;
            }
        }
        return null;
    }

    Iterable<Pending> all() {
        return queue;
    }

    int size() {
        return queue.size();
    }

    long estimatedBytes() {
        long bytes = 32;
        for (Pending p : queue) {
            bytes += 48 + 8L * p.x().length;
        }
        return bytes;
    }
}
