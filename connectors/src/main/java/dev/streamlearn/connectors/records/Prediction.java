package dev.streamlearn.connectors.records;

/**
 * A model's prediction for one instance.
 *
 * @param stream the stream key
 * @param id the instance id
 * @param ts the instance's event time (ms)
 * @param y the predicted class value
 * @param classes the class values, in the order of {@code proba}
 * @param proba the predicted probability of each class; sums to 1
 * @param model the model family, e.g. {@code "driftmoe"}
 * @param version the model version: how many labelled instances it has learned from
 */
public record Prediction(
        String stream,
        String id,
        long ts,
        String y,
        String[] classes,
        double[] proba,
        String model,
        long version) {}
