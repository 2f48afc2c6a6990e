package dev.streamlearn.jobs;

import java.util.List;

/**
 * The Kafka topics of a classification job.
 *
 * @param instances instances in
 * @param predictions predictions out
 * @param metrics periodic prequential figures out
 * @param deadLetters records that could not be parsed, with the reason
 */
public record Topics(String instances, String predictions, String metrics, String deadLetters) {

    public static Topics defaults() {
        return new Topics("instances", "predictions", "metrics", "dead-letters");
    }

    public List<String> all() {
        return List.of(instances, predictions, metrics, deadLetters);
    }
}
