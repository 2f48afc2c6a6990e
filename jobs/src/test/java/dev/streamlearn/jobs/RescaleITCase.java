package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prequential job stopped with a savepoint and resumed at another parallelism, 1 → 3 → 2, with
 * more input between the stops: every instance has exactly one committed prediction, and every
 * stream's final model is byte for byte the model of one uninterrupted run at parallelism 2 over
 * the same input (keyed state is redistributed by key group, and no key's model is lost, doubled or
 * restarted).
 */
class RescaleITCase {
    private static final int STREAMS = 6;
    private static final int PER_PHASE = 2_000;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @RegisterExtension static final TestClusters.Kafka KAFKA = new TestClusters.Kafka();

    @TempDir Path dir;

    @Test
    void everyStreamsModelSurvivesResumingAtParallelismOneThenThreeThenTwo() throws Exception {
        KAFKA.broker().createTopics(4, "rx-in");
        LabelledStream sea = MoaGeneratorStream.open("generators.SEAGenerator -i 5");
        SchemaCatalog schemas = SchemaCatalog.forAll(sea.schema());
        Topics rescaled = new Topics("rx-in", "rx-predictions", "rx-metrics", "rx-dead");

        Path savepoint = null;
        int[] parallelisms = {1, 3, 2};
        for (int phase = 0; phase < parallelisms.length; phase++) {
            TestInstances.produce(
                    KAFKA.broker().bootstrapServers(),
                    "rx-in",
                    sea,
                    STREAMS,
                    phase * PER_PHASE,
                    PER_PHASE);
            savepoint =
                    run(
                            rescaled,
                            schemas,
                            parallelisms[phase],
                            savepoint,
                            STREAMS * PER_PHASE * (phase + 1),
                            dir.resolve("phase-" + phase));
        }
        int total = STREAMS * PER_PHASE * parallelisms.length;
        Topics clean = new Topics("rx-in", "rx-clean-predictions", "rx-clean-m", "rx-clean-d");
        Path uninterrupted = run(clean, schemas, 2, null, total, dir.resolve("clean"));

        Set<String> ids = new HashSet<>();
        for (var r : committed(rescaled)) {
            JsonNode p = Json.MAPPER.readTree(r.value());
            assertThat(ids.add(p.get("id").asText())).as("one prediction per instance").isTrue();
        }
        assertThat(ids).hasSize(total);
        Map<String, byte[]> afterRescaling = JobRuns.models(savepoint, PrequentialJob.MODEL_UID);
        Map<String, byte[]> withoutStops = JobRuns.models(uninterrupted, PrequentialJob.MODEL_UID);
        assertThat(afterRescaling.keySet()).hasSize(STREAMS).isEqualTo(withoutStops.keySet());
        for (String key : withoutStops.keySet()) {
            assertThat(afterRescaling.get(key))
                    .as("model of " + key)
                    .isEqualTo(withoutStops.get(key));
        }
    }

    /**
     * Runs the job at {@code parallelism}, from {@code restoreFrom} if not null, until {@code good}
     * predictions are committed, then stops it with a savepoint, whose path it returns.
     */
    private static Path run(
            Topics topics,
            SchemaCatalog schemas,
            int parallelism,
            Path restoreFrom,
            long good,
            Path dir)
            throws Exception {
        KAFKA.broker()
                .createTopics(2, topics.predictions(), topics.metrics(), topics.deadLetters());
        Configuration conf = JobRuns.settings(dir);
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        String id = "rx-" + topics.predictions();
        PrequentialJob.wire(
                env,
                PrequentialJob.Options.builder(KAFKA.broker().bootstrapServers(), schemas)
                        .topics(topics)
                        .learner(PrequentialConfig.defaults())
                        .ids(id, id)
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .build());
        JobClient job = env.executeAsync("rescale-" + parallelism);
        JobRuns.awaitCommitted(KAFKA.broker().bootstrapServers(), topics.predictions(), good);
        return JobRuns.stopWithSavepoint(job, dir);
    }

    private static List<ConsumerRecord<byte[], byte[]>> committed(Topics topics) {
        return TopicReader.readToEnd(
                KAFKA.broker().bootstrapServers(),
                topics.predictions(),
                true,
                Duration.ofSeconds(30));
    }
}
