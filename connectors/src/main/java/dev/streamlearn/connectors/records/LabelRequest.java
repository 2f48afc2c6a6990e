package dev.streamlearn.connectors.records;

/**
 * A request for the label of one instance, sent to an annotator by an active learner: the budget is
 * already charged; an answer on the labels topic ({@link Label}, joined by stream and id) is
 * learned if it comes before the deadline.
 *
 * @param stream the stream key
 * @param id the instance id; the answer must carry it
 * @param ts the instance's event time (ms)
 * @param deadline the event time (ms) after which an answer is late and dropped
 * @param classes the class values, in the order of {@code proba}
 * @param proba the model's probabilities of each class when it asked
 * @param utility the query strategy's score of the instance (higher: more informative)
 * @param model the model name, e.g. {@code "active-variable-uncertainty"}
 * @param version the model version: how many labels it had learned when it asked
 */
public record LabelRequest(
        String stream,
        String id,
        long ts,
        long deadline,
        String[] classes,
        double[] proba,
        double utility,
        String model,
        long version) {}
