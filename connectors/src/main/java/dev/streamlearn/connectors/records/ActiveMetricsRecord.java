package dev.streamlearn.connectors.records;

/**
 * Periodic figures of an active learner: its prequential figures, and how it spends its label
 * budget.
 *
 * @param prequential accuracy and kappas of the predictions, scored against the ground truth where
 *     instances carry it, otherwise against the labels that came back
 * @param budget the label budget (labels per instance)
 * @param spentRatio labels requested per instance seen
 * @param requested labels requested
 * @param received labels received before their deadline and learned
 * @param expired requests whose deadline passed without an answer
 * @param late answers that came after their request's deadline
 * @param duplicate answers to a request already answered
 * @param unknown answers to no request of this stream
 * @param awaiting requests waiting for their answer now
 * @param health whether the learner still works, from its first full window on; null before
 */
public record ActiveMetricsRecord(
        MetricsRecord prequential,
        double budget,
        double spentRatio,
        long requested,
        long received,
        long expired,
        long late,
        long duplicate,
        long unknown,
        int awaiting,
        Health health) {

    /**
     * Whether an active learner still works: a learner that sees only the labels its strategy asked
     * for can fall to or below the accuracy of always predicting the majority class.
     *
     * @param windowMajority the share of the window's most frequent true class: the accuracy of
     *     always predicting it
     * @param atOrBelowMajority whether the learner's window accuracy is at or below {@code
     *     windowMajority}: it has stopped working
     * @param driftsDetected times its model was replaced for a drift (its own detector's and the
     *     bias guard's)
     */
    public record Health(double windowMajority, boolean atOrBelowMajority, long driftsDetected) {}

    /** Before the first full window: no health figures. */
    public ActiveMetricsRecord(
            MetricsRecord prequential,
            double budget,
            double spentRatio,
            long requested,
            long received,
            long expired,
            long late,
            long duplicate,
            long unknown,
            int awaiting) {
        this(
                prequential,
                budget,
                spentRatio,
                requested,
                received,
                expired,
                late,
                duplicate,
                unknown,
                awaiting,
                null);
    }

    public String stream() {
        return prequential.stream();
    }
}
