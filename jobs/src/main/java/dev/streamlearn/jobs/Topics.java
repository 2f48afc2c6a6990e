package dev.streamlearn.jobs;

import java.util.Arrays;
import java.util.HashSet;
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

    public Topics {
        List<String> names = Arrays.asList(instances, predictions, metrics, deadLetters);
        for (String t : names) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException(
                        "a topic name is empty in " + names + "; name every topic");
            }
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException(
                    "topic names must differ, got "
                            + names
                            + "; an output on the input topic would feed the job its own output");
        }
    }

    public static Topics defaults() {
        return new Topics("instances", "predictions", "metrics", "dead-letters");
    }

    public List<String> all() {
        return List.of(instances, predictions, metrics, deadLetters);
    }
}
