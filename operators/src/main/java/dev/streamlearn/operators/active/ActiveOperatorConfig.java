package dev.streamlearn.operators.active;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * The configuration of the active-learning operator: the classifier, the active learner's strategy
 * and budget, and how long a label request waits for its answer.
 *
 * @param learner the classifier, as {@code Classifiers.create} reads it, e.g. {@code
 *     "trees.HoeffdingTree"} or {@code "driftmoe-data"}
 * @param active the query strategy, the budget manager and the seed
 * @param deadline event time a request waits for its answer after its instance's timestamp
 * @param maxAwaiting per stream, how many requests may wait (the oldest expires beyond)
 * @param window the sliding accuracy window (scored instances)
 * @param metricsEvery a metrics record every this many instances per stream
 */
public record ActiveOperatorConfig(
        String learner,
        ActiveLearningConfig active,
        Duration deadline,
        int maxAwaiting,
        int window,
        int metricsEvery)
        implements Serializable {

    public ActiveOperatorConfig {
        if (learner == null || learner.isBlank()) {
            throw new IllegalArgumentException(
                    "the learner is empty; e.g. trees.HoeffdingTree or driftmoe-data");
        }
        if (active == null) {
            throw new IllegalArgumentException("the active-learning configuration is missing");
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException(
                    "the label deadline must be positive, got " + deadline);
        }
        if (maxAwaiting < 1 || window < 1 || metricsEvery < 1) {
            throw new IllegalArgumentException(
                    "maxAwaiting, window and metricsEvery must be positive, got "
                            + maxAwaiting
                            + ", "
                            + window
                            + ", "
                            + metricsEvery);
        }
    }

    /**
     * A Hoeffding tree, Variable Uncertainty under the cumulative budget 0.1 with the bias guard
     * share-ddm ({@link ActiveLearningConfig#guarded()}), a 60 s deadline, 10,000 awaiting
     * requests, a window of 1,000 and metrics every 1,000 instances.
     */
    public static ActiveOperatorConfig defaults() {
        return new ActiveOperatorConfig(
                "trees.HoeffdingTree",
                ActiveLearningConfig.guarded(),
                Duration.ofSeconds(60),
                10_000,
                1_000,
                1_000);
    }

    public ActiveOperatorConfig withLearner(String l) {
        return new ActiveOperatorConfig(l, active, deadline, maxAwaiting, window, metricsEvery);
    }

    public ActiveOperatorConfig withActive(ActiveLearningConfig a) {
        return new ActiveOperatorConfig(learner, a, deadline, maxAwaiting, window, metricsEvery);
    }

    public ActiveOperatorConfig withDeadline(Duration d) {
        return new ActiveOperatorConfig(learner, active, d, maxAwaiting, window, metricsEvery);
    }

    public ActiveOperatorConfig withMaxAwaiting(int max) {
        return new ActiveOperatorConfig(learner, active, deadline, max, window, metricsEvery);
    }

    public ActiveOperatorConfig withMetricsEvery(int every) {
        return new ActiveOperatorConfig(learner, active, deadline, maxAwaiting, window, every);
    }

    /** The model name in the output records, e.g. {@code active-variable}. */
    public String modelName() {
        return "active-" + active.strategy().kind().cliName().toLowerCase(Locale.ROOT);
    }
}
