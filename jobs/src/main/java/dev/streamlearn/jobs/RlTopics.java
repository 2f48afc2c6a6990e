package dev.streamlearn.jobs;

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
        Topics.requireDistinct(
                java.util.Arrays.asList(observations, actions, deadLetters),
                "actions on the observations topic would feed the job its own output");
    }

    public static RlTopics defaults() {
        return new RlTopics("observations", "actions", "rl-dead-letters");
    }

    public List<String> all() {
        return List.of(observations, actions, deadLetters);
    }
}
