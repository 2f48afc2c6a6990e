package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A job under soak: its topics, its pipeline with the soak's fault points, the feed of its input,
 * and how an output names the input it answers.
 */
abstract class SoakedJob {

    /**
     * What the soak reads and counts.
     *
     * @param all the topics to create
     * @param input the input topic whose bad records must each become one dead letter
     * @param outputs the topic with one output per good input (predictions, actions)
     * @param outputNoun what the outputs are called in the figures
     * @param deadLetters the dead-letter topic
     * @param modelUid the uid (and name prefix) of the keyed-model operator, whose gauges the soak
     *     reads
     * @param exactlyOnce whether each output is committed exactly once; false where the job sends
     *     them at least once by design (RL actions, which the environment takes once)
     */
    record Outline(
            List<String> all,
            String input,
            String outputs,
            String outputNoun,
            String deadLetters,
            String modelUid,
            boolean exactlyOnce) {}

    final Soak.Config config;
    final Outline outline;

    SoakedJob(Soak.Config config, Outline outline) {
        this.config = config;
        this.outline = outline;
    }

    /** The job of the kind {@code config} names. */
    static SoakedJob of(Soak.Config config) {
        return switch (config.job()) {
            case PREQUENTIAL -> new PrequentialSoak(config);
            case ACTIVE -> new ActiveSoak(config);
            case RL -> new RlSoak(config);
        };
    }

    /**
     * Adds the job to {@code env}, with {@code faults}' failure point right after its source and
     * its slow point right before the sink of its outputs.
     */
    abstract void wire(StreamExecutionEnvironment env, String bootstrap, Faults faults);

    /** Starts feeding the input at the soak's rate; the feed stops after the soak's duration. */
    abstract SoakFeed feed(String bootstrap);

    /**
     * {@code <series>-<n>}: the input an output answers, {@code n} unique within its series (a
     * stream, an agent), so that a second output for it is a duplicate and a missing one is lost.
     */
    abstract String answered(JsonNode output);

    /** {@code stream} through a map that throws once when the soak injects a task failure. */
    static <T> DataStream<T> failurePoint(DataStream<T> stream, Faults faults) {
        return stream.map(faults.<T>failurePoint())
                .name("soak-failure-point")
                .uid("soak-failure-point");
    }

    /** {@code stream} through a map that is slow while the soak injects a slow sink. */
    static <T> DataStream<T> slowPoint(DataStream<T> stream, Faults faults) {
        return stream.map(faults.<T>slowPoint()).name("soak-slow-point").uid("soak-slow-point");
    }
}
