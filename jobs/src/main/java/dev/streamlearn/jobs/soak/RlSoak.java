package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.jobs.RlJob;
import dev.streamlearn.jobs.RlTopics;
import dev.streamlearn.operators.rl.AgentSpec;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The RL job under soak: CartPole observations of many agents in (played open loop, see {@link
 * CartPoleFeed}), one action out for each that continues an episode. Actions go out at least once
 * by design (an environment waits for each, and takes the first), so duplicates are counted and
 * shown, not failed; a lost action fails the soak.
 */
final class RlSoak implements SoakedJob {
    private static final RlTopics TOPICS =
            new RlTopics("soak-observations", "soak-actions", "soak-dead");

    private final Soak.Config config;

    RlSoak(Soak.Config config) {
        this.config = config;
    }

    @Override
    public List<String> topics() {
        return TOPICS.all();
    }

    @Override
    public String input() {
        return TOPICS.observations();
    }

    @Override
    public String outputs() {
        return TOPICS.actions();
    }

    @Override
    public String outputNoun() {
        return "actions";
    }

    @Override
    public String deadLetters() {
        return TOPICS.deadLetters();
    }

    @Override
    public String modelUid() {
        return RlJob.MODEL_UID;
    }

    @Override
    public void wire(StreamExecutionEnvironment env, String bootstrap, Faults faults) {
        RlJob.Options options =
                RlJob.Options.builder(
                                bootstrap,
                                AgentSpec.forEnvironment("CartPole-v1", AgentSpec.Algo.AC, 0))
                        .topics(TOPICS)
                        .environment("CartPole-v1")
                        .ids("streamlearn-soak", "streamlearn-soak")
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .models(PrequentialSoak.models(config))
                        .build();
        DataStream<RawRecord> raw =
                RlJob.read(env, options, RlJob.source(options))
                        .map(faults.<RawRecord>failurePoint())
                        .name("soak-failure-point")
                        .uid("soak-failure-point");
        RlJob.Outputs out = RlJob.buildPipeline(raw, options);
        DataStream<Action> slowed =
                out.actions()
                        .map(faults.<Action>slowPoint())
                        .name("soak-slow-point")
                        .uid("soak-slow-point");
        RlJob.sinkAll(new RlJob.Outputs(slowed, out.deadLetters()), options);
    }

    @Override
    public SoakFeed feed(String bootstrap) {
        return new CartPoleFeed(bootstrap, TOPICS.observations(), config);
    }

    @Override
    public String answered(JsonNode action) {
        return action.path("agent").asText()
                + "-"
                + CartPoleFeed.stepNumber(
                        action.path("episode").asLong(), action.path("step").asInt());
    }

    @Override
    public boolean exactlyOnce() {
        return false;
    }
}
