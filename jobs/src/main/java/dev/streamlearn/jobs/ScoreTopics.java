package dev.streamlearn.jobs;

import java.util.Arrays;
import java.util.List;

/**
 * The Kafka topics of the scoring job.
 *
 * @param features feature rows in
 * @param scores the model's outputs, one per row
 * @param deadLetters rows that could not be read, with the reason
 */
public record ScoreTopics(String features, String scores, String deadLetters) {

    public ScoreTopics {
        Topics.requireDistinct(
                Arrays.asList(features, scores, deadLetters),
                "scores on the features topic would feed the job its own output");
    }

    public static ScoreTopics defaults() {
        return new ScoreTopics("features", "scores", "score-dead-letters");
    }

    public List<String> all() {
        return List.of(features, scores, deadLetters);
    }
}
