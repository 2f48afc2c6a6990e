package dev.streamlearn.connectors.records;

/**
 * A vector of features to score with a model: {@code {"id":"r1","features":[0.1,-2.0,3.5]}}.
 *
 * @param id the caller's identifier, carried to the score and used as its Kafka key
 * @param features the model's input, as many values as it takes
 */
public record FeatureRow(String id, float[] features) {}
