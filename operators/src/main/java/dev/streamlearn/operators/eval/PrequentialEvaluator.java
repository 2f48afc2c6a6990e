package dev.streamlearn.operators.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Prequential (test-then-train) figures of a classifier: cumulative accuracy and Cohen's kappa, and
 * accuracy over a sliding window of the last {@code window} labelled instances.
 *
 * <pre>{@code
 * PrequentialEvaluator eval = new PrequentialEvaluator(2, 1000);
 * eval.add(predicted, actual);
 * eval.accuracy();
 * }</pre>
 */
public final class PrequentialEvaluator {
    private final int numClasses;
    private final boolean[] window;
    private long count;
    private long correct;
    private final long[] predictedCounts;
    private final long[] actualCounts;
    private int windowCorrect;

    public PrequentialEvaluator(int numClasses, int windowSize) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1, got " + windowSize);
        }
        this.numClasses = numClasses;
        this.window = new boolean[windowSize];
        this.predictedCounts = new long[numClasses];
        this.actualCounts = new long[numClasses];
    }

    /** Counts one prediction against its true class. */
    public void add(int predicted, int actual) {
        boolean hit = predicted == actual;
        int slot = (int) (count % window.length);
        if (count >= window.length && window[slot]) {
            windowCorrect--;
        }
        window[slot] = hit;
        if (hit) {
            windowCorrect++;
            correct++;
        }
        predictedCounts[predicted]++;
        actualCounts[actual]++;
        count++;
    }

    public long count() {
        return count;
    }

    public double accuracy() {
        return count == 0 ? 0 : (double) correct / count;
    }

    public double windowAccuracy() {
        long n = Math.min(count, window.length);
        return n == 0 ? 0 : (double) windowCorrect / n;
    }

    /**
     * Cohen's kappa over all instances: agreement beyond what the class marginals give by chance.
     */
    public double kappa() {
        if (count == 0) {
            return 0;
        }
        double pc = 0;
        for (int k = 0; k < numClasses; k++) {
            pc += ((double) predictedCounts[k] / count) * ((double) actualCounts[k] / count);
        }
        return pc >= 1 ? 0 : (accuracy() - pc) / (1 - pc);
    }

    /** Approximate heap size: the window and the per-class counts. */
    public long estimatedBytes() {
        return 64L + window.length + 16L * numClasses;
    }

    /** Writes the figures; the window is packed as bits. */
    public void write(DataOutput out) throws IOException {
        writeCounts(out);
        long bits = 0;
        for (int i = 0; i < window.length; i++) {
            if (window[i]) {
                bits |= 1L << (i & 63);
            }
            if ((i & 63) == 63 || i == window.length - 1) {
                out.writeLong(bits);
                bits = 0;
            }
        }
    }

    private void writeCounts(DataOutput out) throws IOException {
        out.writeInt(numClasses);
        out.writeInt(window.length);
        out.writeLong(count);
        out.writeLong(correct);
        out.writeInt(windowCorrect);
        for (int k = 0; k < numClasses; k++) {
            out.writeLong(predictedCounts[k]);
            out.writeLong(actualCounts[k]);
        }
    }

    /** Reads what {@link #write} wrote. */
    public static PrequentialEvaluator read(DataInput in) throws IOException {
        PrequentialEvaluator e = readCounts(in);
        long bits = 0;
        for (int i = 0; i < e.window.length; i++) {
            if ((i & 63) == 0) {
                bits = in.readLong();
            }
            e.window[i] = (bits & (1L << (i & 63))) != 0;
        }
        return e;
    }

    /** Reads the first form, with one boolean per window slot. */
    public static PrequentialEvaluator readV1(DataInput in) throws IOException {
        PrequentialEvaluator e = readCounts(in);
        for (int i = 0; i < e.window.length; i++) {
            e.window[i] = in.readBoolean();
        }
        return e;
    }

    private static PrequentialEvaluator readCounts(DataInput in) throws IOException {
        PrequentialEvaluator e = new PrequentialEvaluator(in.readInt(), in.readInt());
        e.count = in.readLong();
        e.correct = in.readLong();
        e.windowCorrect = in.readInt();
        for (int k = 0; k < e.numClasses; k++) {
            e.predictedCounts[k] = in.readLong();
            e.actualCounts[k] = in.readLong();
        }
        return e;
    }
}
