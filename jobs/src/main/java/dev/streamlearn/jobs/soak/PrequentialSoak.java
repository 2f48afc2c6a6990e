package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.jobs.PrequentialJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The prequential job under soak: SEA instances in, one prediction each. */
final class PrequentialSoak extends SoakedJob {
    private static final Topics TOPICS =
            new Topics("soak-in", "soak-predictions", "soak-metrics", "soak-dead");

    PrequentialSoak(Soak.Config config) {
        super(
                config,
                new Outline(
                        TOPICS.all(),
                        TOPICS.instances(),
                        TOPICS.predictions(),
                        "predictions",
                        TOPICS.deadLetters(),
                        PrequentialJob.MODEL_UID,
                        true));
    }

    @Override
    void wire(StreamExecutionEnvironment env, String bootstrap, Faults faults) {
        PrequentialJob.Options options =
                PrequentialJob.Options.builder(bootstrap, seaSchemas())
                        .topics(TOPICS)
                        .learner(PrequentialConfig.defaults())
                        .ids("streamlearn-soak", "streamlearn-soak")
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .models(models(config))
                        .build();
        PrequentialJob.Outputs out =
                PrequentialJob.buildPipeline(
                        failurePoint(
                                PrequentialJob.read(env, options, PrequentialJob.source(options)),
                                faults),
                        null,
                        options);
        PrequentialJob.sinkAll(
                new PrequentialJob.Outputs(
                        slowPoint(out.predictions(), faults), out.metrics(), out.deadLetters()),
                options);
    }

    @Override
    SoakFeed feed(String bootstrap) {
        return new SeaFeed(bootstrap, TOPICS.instances(), config, () -> {});
    }

    @Override
    String answered(JsonNode prediction) {
        return prediction.path("id").asText();
    }

    /** The SEA schema for every stream key. */
    static SchemaCatalog seaSchemas() {
        return SchemaCatalog.forAll(MoaGeneratorStream.open("generators.SEAGenerator").schema());
    }

    /** The model cache of a soak: its idle timeout, and the estimate of the cached bytes. */
    static KeyedModelOptions models(Soak.Config config) {
        return KeyedModelOptions.defaults()
                .withIdleTimeout(config.keys().idleTimeout())
                // a bound never reached: it turns on the estimate of the cached models' bytes
                // (the cachedBytes gauge)
                .withMaxCachedBytes(1L << 40);
    }
}
