package dev.streamlearn.operators.learner;

/**
 * A classifier that learns one instance at a time (River's {@code learn_one} / {@code
 * predict_proba_one}), over the attribute values of a {@code StreamSchema} (nominal values given as
 * their index) and class indexes {@code 0..numClasses()-1}.
 *
 * <pre>{@code
 * OnlineClassifier c = MoaClassifier.create("trees.HoeffdingTree", schema);
 * double[] p = c.predictProbaOne(x);   // uniform before any training
 * c.learnOne(x, y);
 * }</pre>
 */
public interface OnlineClassifier {

    /** Learns from one labelled instance. */
    void learnOne(double[] x, int y);

    /**
     * The probability of each class for {@code x}: never null, {@link #numClasses()} values that
     * sum to 1, uniform before any training.
     */
    double[] predictProbaOne(double[] x);

    /**
     * The probabilities an uncertainty-based active learner reads: {@link #predictProbaOne}'s,
     * except uniform where the classifier holds evidence for at most one class (untrained, or
     * freshly reset by a drift detector), since it cannot tell classes apart there however sure its
     * normalised votes look. Learners that can tell override it; the most probable class must stay
     * {@link #predictProbaOne}'s.
     */
    default double[] predictProbaForQuery(double[] x) {
        return predictProbaOne(x);
    }

    /**
     * One prequential step: the probabilities for {@code x} before learning, then learns {@code y}.
     * Learners whose paper defines the step as one pass (DriftMoE) override it.
     */
    default double[] predictThenLearnOne(double[] x, int y) {
        double[] p = predictProbaOne(x);
        learnOne(x, y);
        return p;
    }

    /**
     * Whether the last {@link #learnOne} made the classifier's own drift detector replace its model
     * (MOA's {@code SingleClassifierDrift}); false for a classifier without one.
     */
    default boolean changeDetected() {
        return false;
    }

    /**
     * Forgets everything learned, if the classifier can: true when it is now as freshly created,
     * false when it cannot forget (and is unchanged).
     */
    default boolean resetLearning() {
        return false;
    }

    /** The most probable class (the lowest index on ties). */
    default int predictOne(double[] x) {
        return argMax(predictProbaOne(x));
    }

    int numClasses();

    /** An estimate of the model's heap size in bytes. */
    long estimatedBytes();

    /** Index of the largest value, the lowest index on ties. */
    static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
