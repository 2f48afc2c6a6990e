package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.jobs.ActiveJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.jobs.labeller.Labeller;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The active-learning job under soak: SEA instances in, one prediction each; its label requests
 * answered by a simulated labeller 0.5 to 3 s later, on the labels topic the job reads.
 */
final class ActiveSoak implements SoakedJob {
    private static final Topics TOPICS =
            new Topics("soak-in", "soak-predictions", "soak-metrics", "soak-dead", "soak-labels");
    private static final String REQUESTS = "soak-label-requests";

    private final Soak.Config config;

    ActiveSoak(Soak.Config config) {
        this.config = config;
    }

    @Override
    public List<String> topics() {
        List<String> all = new ArrayList<>(TOPICS.all());
        all.add(REQUESTS);
        return all;
    }

    @Override
    public String input() {
        return TOPICS.instances();
    }

    @Override
    public String outputs() {
        return TOPICS.predictions();
    }

    @Override
    public String outputNoun() {
        return "predictions";
    }

    @Override
    public String deadLetters() {
        return TOPICS.deadLetters();
    }

    @Override
    public String modelUid() {
        return ActiveJob.MODEL_UID;
    }

    @Override
    public void wire(StreamExecutionEnvironment env, String bootstrap, Faults faults) {
        ActiveJob.Options options =
                ActiveJob.Options.builder(bootstrap, PrequentialSoak.seaSchemas())
                        .topics(TOPICS, REQUESTS)
                        .ids("streamlearn-soak", "streamlearn-soak")
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .models(PrequentialSoak.models(config))
                        .build();
        DataStream<RawRecord> raw =
                ActiveJob.read(env, options)
                        .map(faults.<RawRecord>failurePoint())
                        .name("soak-failure-point")
                        .uid("soak-failure-point");
        ActiveJob.Outputs out =
                ActiveJob.buildPipeline(raw, ActiveJob.readLabels(env, options), options);
        DataStream<Prediction> slowed =
                out.predictions()
                        .map(faults.<Prediction>slowPoint())
                        .name("soak-slow-point")
                        .uid("soak-slow-point");
        ActiveJob.sinkAll(
                new ActiveJob.Outputs(
                        slowed, out.labelRequests(), out.metrics(), out.deadLetters()),
                options);
    }

    @Override
    public SoakFeed feed(String bootstrap) {
        Labeller.Options d = Labeller.Options.defaults(bootstrap);
        Labeller labeller =
                new Labeller(
                        new Labeller.Options(
                                bootstrap,
                                TOPICS.instances(),
                                REQUESTS,
                                TOPICS.labels(),
                                d.minDelay(),
                                d.maxDelay(),
                                d.noise(),
                                d.noAnswer(),
                                d.seed(),
                                d.maxTruths()),
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
    public String answered(JsonNode prediction) {
        return prediction.path("id").asText();
    }

    @Override
    public boolean exactlyOnce() {
        return true;
    }
}
