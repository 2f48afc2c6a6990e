package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.jobs.PrequentialJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The prequential job under soak: SEA instances in, one prediction each. */
final class PrequentialSoak implements SoakedJob {
    private static final Topics TOPICS =
            new Topics("soak-in", "soak-predictions", "soak-metrics", "soak-dead");

    private final Soak.Config config;

    PrequentialSoak(Soak.Config config) {
        this.config = config;
    }

    @Override
    public List<String> topics() {
        return TOPICS.all();
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
        return PrequentialJob.MODEL_UID;
    }

    @Override
    public void wire(StreamExecutionEnvironment env, String bootstrap, Faults faults) {
        PrequentialJob.Options options =
                PrequentialJob.Options.builder(bootstrap, seaSchemas())
                        .topics(TOPICS)
                        .learner(PrequentialConfig.defaults())
                        .ids("streamlearn-soak", "streamlearn-soak")
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .models(models(config))
                        .build();
        DataStream<RawRecord> raw =
                PrequentialJob.read(env, options, PrequentialJob.source(options))
                        .map(faults.<RawRecord>failurePoint())
                        .name("soak-failure-point")
                        .uid("soak-failure-point");
        PrequentialJob.Outputs out = PrequentialJob.buildPipeline(raw, null, options);
        DataStream<Prediction> slowed =
                out.predictions()
                        .map(faults.<Prediction>slowPoint())
                        .name("soak-slow-point")
                        .uid("soak-slow-point");
        PrequentialJob.sinkAll(
                new PrequentialJob.Outputs(slowed, out.metrics(), out.deadLetters()), options);
    }

    @Override
    public SoakFeed feed(String bootstrap) {
        return new SeaFeed(bootstrap, TOPICS.instances(), config, () -> {});
    }

    @Override
    public String answered(JsonNode prediction) {
        return prediction.path("id").asText();
    }

    @Override
    public boolean exactlyOnce() {
        return true;
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
