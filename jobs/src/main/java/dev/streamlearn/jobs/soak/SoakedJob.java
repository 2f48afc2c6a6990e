package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A job under soak: its topics, its pipeline with the soak's fault points, the feed of its input,
 * and how an output names the input it answers.
 */
interface SoakedJob {

    /** The topics to create. */
    List<String> topics();

    /** The input topic whose bad records must each become one dead letter. */
    String input();

    /** The topic with one output per good input (predictions, actions). */
    String outputs();

    /** What the outputs are called in the figures: predictions, actions. */
    String outputNoun();

    String deadLetters();

    /** The uid (and name prefix) of the keyed-model operator, whose gauges the soak reads. */
    String modelUid();

    /**
     * Adds the job to {@code env}, with {@code faults}' failure point right after its source and
     * its slow point right before the sink of its outputs.
     */
    void wire(StreamExecutionEnvironment env, String bootstrap, Faults faults);

    /** Starts feeding the input at the soak's rate; the feed stops after the soak's duration. */
    SoakFeed feed(String bootstrap);

    /**
     * {@code <series>-<n>}: the input an output answers, {@code n} unique within its series (a
     * stream, an agent), so that a second output for it is a duplicate and a missing one is lost.
     */
    String answered(JsonNode output);

    /**
     * Whether each output is committed exactly once; false where the job sends them at least once
     * by design (RL actions, which the environment takes once).
     */
    boolean exactlyOnce();

    /** The job of this kind, set up for {@code config}. */
    static SoakedJob of(Soak.Config config) {
        return switch (config.job()) {
            case PREQUENTIAL -> new PrequentialSoak(config);
            case ACTIVE -> new ActiveSoak(config);
            case RL -> new RlSoak(config);
        };
    }
}
