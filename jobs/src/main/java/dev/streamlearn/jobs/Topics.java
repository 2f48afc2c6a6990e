package dev.streamlearn.jobs;

import java.util.ArrayList;
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
 * @param labels labels that come after their instances, or null when labels only come on the
 *     instances
 */
public record Topics(
        String instances, String predictions, String metrics, String deadLetters, String labels) {

    /** Topics without a labels topic: labels come on the instances. */
    public Topics(String instances, String predictions, String metrics, String deadLetters) {
        this(instances, predictions, metrics, deadLetters, null);
    }

    public Topics {
        List<String> names =
                new ArrayList<>(Arrays.asList(instances, predictions, metrics, deadLetters));
        if (labels != null) {
            names.add(labels);
        }
        requireDistinct(names, "an output on the input topic would feed the job its own output");
    }

    /** Every name given and no two alike; {@code why} says what a shared name would break. */
    static void requireDistinct(List<String> names, String why) {
        for (String t : names) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException(
                        "a topic name is empty in " + names + "; name every topic");
            }
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException(
                    "topic names must differ, got " + names + "; " + why);
        }
    }

    public static Topics defaults() {
        return new Topics("instances", "predictions", "metrics", "dead-letters");
    }

    /** The same topics with delayed labels read from {@code topic}. */
    public Topics withLabels(String topic) {
        return new Topics(instances, predictions, metrics, deadLetters, topic);
    }

    /** Every topic the job reads or writes. */
    public List<String> all() {
        List<String> all = new ArrayList<>(List.of(instances, predictions, metrics, deadLetters));
        if (labels != null) {
            all.add(labels);
        }
        return all;
    }
}
