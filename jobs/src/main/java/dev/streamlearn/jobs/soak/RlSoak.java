package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.jobs.RlJob;
import dev.streamlearn.jobs.RlTopics;
import dev.streamlearn.operators.rl.AgentSpec;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The RL job under soak: CartPole observations of many agents in (played open loop, see {@link
 * CartPoleFeed}), one action out for each that continues an episode. Actions go out at least once
 * by design (an environment waits for each, and takes the first), so duplicates are counted and
 * shown, not failed; a lost action fails the soak.
 */
final class RlSoak extends SoakedJob {
    private static final RlTopics TOPICS =
            new RlTopics("soak-observations", "soak-actions", "soak-dead");

    RlSoak(Soak.Config config) {
        super(
                config,
                new Outline(
                        TOPICS.all(),
                        TOPICS.observations(),
                        TOPICS.actions(),
                        "actions",
                        TOPICS.deadLetters(),
                        RlJob.MODEL_UID,
                        false));
    }

    @Override
    void wire(StreamExecutionEnvironment env, String bootstrap, Faults faults) {
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
        RlJob.Outputs out =
                RlJob.buildPipeline(
                        failurePoint(RlJob.read(env, options, RlJob.source(options)), faults),
                        options);
        RlJob.sinkAll(
                new RlJob.Outputs(slowPoint(out.actions(), faults), out.deadLetters()), options);
    }

    @Override
    SoakFeed feed(String bootstrap) {
        return new CartPoleFeed(bootstrap, TOPICS.observations(), config);
    }

    @Override
    String answered(JsonNode action) {
        return action.path("agent").asText()
                + "-"
                + CartPoleFeed.stepNumber(
                        action.path("episode").asLong(), action.path("step").asInt());
    }
}
