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
        int awaiting) {

    public String stream() {
        return prequential.stream();
    }
}
