package dev.streamlearn.operators.eval;

/**
 * Prequential (test-then-train) figures of a classifier, cumulative and over a sliding window of
 * the last {@code window} labelled instances, defined as MOA's {@code
 * BasicClassificationPerformanceEvaluator} and {@code WindowClassificationPerformanceEvaluator}
 * define them (unit weights):
 *
 * <ul>
 *   <li>accuracy;
 *   <li>Cohen's kappa: agreement beyond what the predicted and true class marginals give by chance;
 *   <li>kappa-M (Bifet et al., 2015): accuracy beyond that of predicting the majority class, the
 *       majority counted including the instance at hand;
 *   <li>kappa-temporal (Zliobaite et al., 2015): accuracy beyond that of predicting the previous
 *       instance's true class (the first instance is compared with class 0).
 * </ul>
 *
 * <pre>{@code
 * PrequentialEvaluator eval = new PrequentialEvaluator(2, 1000);
 * eval.add(predicted, actual);
 * eval.accuracy(); eval.kappaM(); eval.windowKappaTemporal();
 * }</pre>
 */
public final class PrequentialEvaluator {
    static final int CORRECT = 1;
    static final int NO_CHANGE_CORRECT = 2;
    static final int MAJORITY_CORRECT = 4;

    private final int numClasses;
    private final int windowSize;
    private long count;
    private long correct;
    private long noChangeCorrect;
    private long majorityCorrect;
    private final long[] predictedCounts;
    private final long[] actualCounts;
    private int lastSeenClass;

    // the window: per slot the predicted class (-1 when unknown), the true class and the flags
    private final int[] windowPredicted;
    private final int[] windowActual;
    private final byte[] windowFlags;
    private int windowCorrect;
    private int windowNoChangeCorrect;
    private int windowMajorityCorrect;
    private final int[] windowPredictedCounts;
    private final int[] windowActualCounts;

    public PrequentialEvaluator(int numClasses, int windowSize) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("window size must be at least 1, got " + windowSize);
        }
        this.numClasses = numClasses;
        this.windowSize = windowSize;
        this.predictedCounts = new long[numClasses];
        this.actualCounts = new long[numClasses];
        this.windowPredicted = new int[windowSize];
        this.windowActual = new int[windowSize];
        this.windowFlags = new byte[windowSize];
        this.windowPredictedCounts = new int[numClasses];
        this.windowActualCounts = new int[numClasses];
    }

    /** Counts one prediction against its true class. */
    public void add(int predicted, int actual) {
        int slot = (int) (count % windowSize);
        if (count >= windowSize) {
            evict(slot);
        }
        int flags = 0;
        if (predicted == actual) {
            flags |= CORRECT;
            correct++;
            windowCorrect++;
        }
        predictedCounts[predicted]++;
        actualCounts[actual]++;
        windowPredictedCounts[predicted]++;
        windowActualCounts[actual]++;
        if (lastSeenClass == actual) {
            flags |= NO_CHANGE_CORRECT;
            noChangeCorrect++;
            windowNoChangeCorrect++;
        }
        if (argMax(actualCounts) == actual) {
            majorityCorrect++;
        }
        if (argMax(windowActualCounts) == actual) {
            flags |= MAJORITY_CORRECT;
            windowMajorityCorrect++;
        }
        windowPredicted[slot] = predicted;
        windowActual[slot] = actual;
        windowFlags[slot] = (byte) flags;
        lastSeenClass = actual;
        count++;
    }

    private void evict(int slot) {
        int flags = windowFlags[slot];
        if ((flags & CORRECT) != 0) {
            windowCorrect--;
        }
        if ((flags & NO_CHANGE_CORRECT) != 0) {
            windowNoChangeCorrect--;
        }
        if ((flags & MAJORITY_CORRECT) != 0) {
            windowMajorityCorrect--;
        }
        if (windowPredicted[slot] >= 0) {
            windowPredictedCounts[windowPredicted[slot]]--;
        }
        if (windowActual[slot] >= 0) {
            windowActualCounts[windowActual[slot]]--;
        }
    }

    private static int argMax(long[] counts) {
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argMax(int[] counts) {
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return best;
    }

    public long count() {
        return count;
    }

    int windowCount() {
        return (int) Math.min(count, windowSize);
    }

    public double accuracy() {
        return count == 0 ? 0 : (double) correct / count;
    }

    public double windowAccuracy() {
        int n = windowCount();
        return n == 0 ? 0 : (double) windowCorrect / n;
    }

    /**
     * The share of the window's most frequent true class: the accuracy of always predicting the
     * window's majority class (0 before any instance).
     */
    public double windowMajorityShare() {
        int n = windowCount();
        if (n == 0) {
            return 0;
        }
        int most = 0;
        for (int c : windowActualCounts) {
            most = Math.max(most, c);
        }
        return (double) most / n;
    }

    /** Whether the window holds its full {@code window} instances. */
    public boolean windowFull() {
        return count >= windowSize;
    }

    /** Cohen's kappa over all instances. */
    public double kappa() {
        if (count == 0) {
            return 0;
        }
        double pc = 0;
        for (int k = 0; k < numClasses; k++) {
            pc += ((double) predictedCounts[k] / count) * ((double) actualCounts[k] / count);
        }
        return beyond(accuracy(), pc);
    }

    /** Cohen's kappa over the window. */
    public double windowKappa() {
        int n = windowCount();
        if (n == 0) {
            return 0;
        }
        double pc = 0;
        for (int k = 0; k < numClasses; k++) {
            pc += ((double) windowPredictedCounts[k] / n) * ((double) windowActualCounts[k] / n);
        }
        return beyond(windowAccuracy(), pc);
    }

    /** Kappa-M over all instances. */
    public double kappaM() {
        return count == 0 ? 0 : beyond(accuracy(), (double) majorityCorrect / count);
    }

    /** Kappa-M over the window. */
    public double windowKappaM() {
        int n = windowCount();
        return n == 0 ? 0 : beyond(windowAccuracy(), (double) windowMajorityCorrect / n);
    }

    /** Kappa-temporal over all instances. */
    public double kappaTemporal() {
        return count == 0 ? 0 : beyond(accuracy(), (double) noChangeCorrect / count);
    }

    /** Kappa-temporal over the window. */
    public double windowKappaTemporal() {
        int n = windowCount();
        return n == 0 ? 0 : beyond(windowAccuracy(), (double) windowNoChangeCorrect / n);
    }

    /** (p0 - pc) / (1 - pc); 0 when the reference classifier is always right. */
    private static double beyond(double p0, double pc) {
        return pc >= 1 ? 0 : (p0 - pc) / (1 - pc);
    }

    /** Approximate heap size: the window and the per-class counts. */
    public long estimatedBytes() {
        return 96L + 9L * windowSize + 24L * numClasses;
    }

    int numClasses() {
        return numClasses;
    }

    int windowSize() {
        return windowSize;
    }

    long correct() {
        return correct;
    }

    long noChangeCorrect() {
        return noChangeCorrect;
    }

    long majorityCorrect() {
        return majorityCorrect;
    }

    int lastSeenClass() {
        return lastSeenClass;
    }

    long predictedCount(int k) {
        return predictedCounts[k];
    }

    long actualCount(int k) {
        return actualCounts[k];
    }

    /** The predicted class in window slot {@code i} (-1 where the first form did not keep it). */
    int windowPredicted(int i) {
        return windowPredicted[i];
    }

    int windowActual(int i) {
        return windowActual[i];
    }

    int windowFlags(int i) {
        return windowFlags[i];
    }

    /** An evaluator with saved counts and an empty window, for its codec to fill. */
    static PrequentialEvaluator restore(
            int numClasses,
            int windowSize,
            long count,
            long correct,
            long noChangeCorrect,
            long majorityCorrect,
            int lastSeenClass,
            long[] predictedCounts,
            long[] actualCounts) {
        PrequentialEvaluator e = new PrequentialEvaluator(numClasses, windowSize);
        e.count = count;
        e.correct = correct;
        e.noChangeCorrect = noChangeCorrect;
        e.majorityCorrect = majorityCorrect;
        e.lastSeenClass = lastSeenClass;
        System.arraycopy(predictedCounts, 0, e.predictedCounts, 0, numClasses);
        System.arraycopy(actualCounts, 0, e.actualCounts, 0, numClasses);
        return e;
    }

    /**
     * Puts a saved window slot back (slots {@code 0 .. windowCount() - 1}, each once), with its
     * share of the window's counts; {@code flags} as {@link #CORRECT}, {@link #NO_CHANGE_CORRECT}
     * and {@link #MAJORITY_CORRECT}, classes -1 where unknown.
     */
    void restoreSlot(int slot, int predicted, int actual, int flags) {
        windowPredicted[slot] = predicted;
        windowActual[slot] = actual;
        windowFlags[slot] = (byte) flags;
        if ((flags & CORRECT) != 0) {
            windowCorrect++;
        }
        if ((flags & NO_CHANGE_CORRECT) != 0) {
            windowNoChangeCorrect++;
        }
        if ((flags & MAJORITY_CORRECT) != 0) {
            windowMajorityCorrect++;
        }
        if (predicted >= 0) {
            windowPredictedCounts[predicted]++;
        }
        if (actual >= 0) {
            windowActualCounts[actual]++;
        }
    }
}
