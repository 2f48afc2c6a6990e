package dev.streamlearn.jobs;

import java.util.Arrays;
import java.util.List;

/**
 * The Kafka topics of the point-process job.
 *
 * @param events entity events in
 * @param scores one score per event out
 * @param metrics per-window figures out
 * @param models the model stream: versioned snapshots of the global model (compacted, keyed by the
 *     model's name), written by the job's training and read back by its scoring
 * @param deadLetters events that could not be read or came out of order, with the reason
 */
public record TppTopics(
        String events, String scores, String metrics, String models, String deadLetters) {

    public TppTopics {
        Topics.requireDistinct(
                Arrays.asList(events, scores, metrics, models, deadLetters),
                "an output on the events topic would feed the job its own output");
    }

    public static TppTopics defaults() {
        return new TppTopics(
                "events", "tpp-scores", "tpp-metrics", "tpp-models", "tpp-dead-letters");
    }

    public List<String> all() {
        return List.of(events, scores, metrics, models, deadLetters);
    }
}
