package dev.streamlearn.jobs;

import java.util.HashSet;
import java.util.List;

/**
 * The Kafka topics of the RL job.
 *
 * @param observations observations in, from the environments
 * @param actions actions out, to the environments
 * @param deadLetters observations that could not be read or taken, with the reason
 */
public record RlTopics(String observations, String actions, String deadLetters) {

    public RlTopics {
        List<String> names = java.util.Arrays.asList(observations, actions, deadLetters);
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
                            + "; actions on the observations topic would feed the job its own"
                            + " output");
        }
    }

    public static RlTopics defaults() {
        return new RlTopics("observations", "actions", "rl-dead-letters");
    }

    public List<String> all() {
        return List.of(observations, actions, deadLetters);
    }
}
