package dev.streamlearn.operators.baseline;

import java.io.Serializable;

/**
 * Configuration of the baseline prequential learner.
 *
 * @param learner a MOA classifier in MOA's CLI form, e.g. {@code "trees.HoeffdingTree"}
 * @param window size of the sliding accuracy window (labelled instances)
 * @param metricsEvery emit a metrics record every this many labelled instances per stream
 * @param maxPending per stream, how many unlabelled instances wait for a label from the labels
 *     topic, and how many labels wait for their instance (see {@link
 *     dev.streamlearn.operators.labels.DelayedLabels})
 */
public record PrequentialConfig(String learner, int window, int metricsEvery, int maxPending)
        implements Serializable {

    /** Up to 50,000 unlabelled instances per stream wait for their label. */
    public static final int DEFAULT_MAX_PENDING = 50_000;

    public PrequentialConfig(String learner, int window, int metricsEvery) {
        this(learner, window, metricsEvery, DEFAULT_MAX_PENDING);
    }

    public PrequentialConfig {
        if (learner == null || learner.isBlank()) {
            throw new IllegalArgumentException(
                    "learner is empty; give a MOA classifier such as \"trees.HoeffdingTree\"");
        }
        if (Classifiers.isDriftMoe(learner)) {
            Classifiers.driftMoe(learner); // fails now, with the names it knows, not in the job
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        if (metricsEvery < 1) {
            throw new IllegalArgumentException(
                    "metricsEvery must be at least 1, got " + metricsEvery);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException(
                    "maxPending must be at least 1 (instances waiting for a label), got "
                            + maxPending);
        }
    }

    /** A Hoeffding tree, 1,000-instance window, metrics every 1,000 labelled instances. */
    public static PrequentialConfig defaults() {
        return new PrequentialConfig("trees.HoeffdingTree", 1000, 1000);
    }

    public PrequentialConfig withLearner(String newLearner) {
        return new PrequentialConfig(newLearner, window, metricsEvery, maxPending);
    }

    public PrequentialConfig withMetricsEvery(int every) {
        return new PrequentialConfig(learner, window, every, maxPending);
    }

    public PrequentialConfig withMaxPending(int max) {
        return new PrequentialConfig(learner, window, metricsEvery, max);
    }
}
