package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.jobs.ActiveJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.jobs.labeller.Labeller;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The active-learning job under soak: SEA instances in, one prediction each; its label requests
 * answered by a simulated labeller 0.5 to 3 s later, on the labels topic the job reads.
 */
final class ActiveSoak extends SoakedJob {
    private static final Topics TOPICS =
            new Topics("soak-in", "soak-predictions", "soak-metrics", "soak-dead", "soak-labels");
    private static final String REQUESTS = "soak-label-requests";

    ActiveSoak(Soak.Config config) {
        super(
                config,
                new Outline(
                        allTopics(),
                        TOPICS.instances(),
                        TOPICS.predictions(),
                        "predictions",
                        TOPICS.deadLetters(),
                        ActiveJob.MODEL_UID,
                        true));
    }

    private static List<String> allTopics() {
        List<String> all = new ArrayList<>(TOPICS.all());
        all.add(REQUESTS);
        return all;
    }

    @Override
    void wire(StreamExecutionEnvironment env, String bootstrap, Faults faults) {
        ActiveJob.Options options =
                ActiveJob.Options.builder(bootstrap, PrequentialSoak.seaSchemas())
                        .topics(TOPICS, REQUESTS)
                        .ids("streamlearn-soak", "streamlearn-soak")
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .models(PrequentialSoak.models(config))
                        .build();
        ActiveJob.Outputs out =
                ActiveJob.buildPipeline(
                        failurePoint(ActiveJob.read(env, options), faults),
                        ActiveJob.readLabels(env, options),
                        options);
        ActiveJob.sinkAll(
                new ActiveJob.Outputs(
                        slowPoint(out.predictions(), faults),
                        out.labelRequests(),
                        out.metrics(),
                        out.deadLetters()),
                options);
    }

    @Override
    SoakFeed feed(String bootstrap) {
        Labeller labeller =
                new Labeller(
                        Labeller.Options.defaults(bootstrap)
                                .withTopics(TOPICS.instances(), REQUESTS, TOPICS.labels())
                                // answers come within 3 s: the last 100,000 instances are
                                // plenty, and the soak's heap figures stay the job's
                                .withMaxTruths(100_000),
                        ClientProperties.NONE);
        AtomicBoolean stop = new AtomicBoolean();
        Thread answering = new Thread(() -> labeller.run(stop::get), "soak-labeller");
        answering.setDaemon(true);
        answering.start();
        return new SeaFeed(
                bootstrap,
                TOPICS.instances(),
                config,
                () -> {
                    stop.set(true);
                    try {
                        answering.join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    labeller.close();
                });
    }

    @Override
    String answered(JsonNode prediction) {
        return prediction.path("id").asText();
    }
}
