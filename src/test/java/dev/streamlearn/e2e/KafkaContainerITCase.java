package dev.streamlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.jobs.PrequentialJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.jobs.produce.StreamProducer;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.runtime.RuntimeSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The baseline job against a real Kafka broker in a container (the Kafka image of
 * docker/build-images.sh: the Kafka 4.2 server from its Maven jars, KRaft, on the host network) and
 * a Flink MiniCluster: about 5,000 SEA instances over four stream keys with bad records mixed in; a
 * {@code read_committed} consumer must then see exactly one prediction per good instance and
 * exactly one dead letter per bad record.
 *
 * <p>Skipped where no Docker engine answers. To run it alone:
 *
 * <pre>
 * docker/build-images.sh
 * mvn verify -pl e2e -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=KafkaContainerITCase
 * </pre>
 *
 * <p>Another image with the same entry point: {@code -Dstreamlearn.kafka.image=...}.
 */
@ExtendWith(LocalContainers.RequiresDocker.class)
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerITCase {
    private static final int STREAMS = 4;
    private static final int RECORDS = 5_000;
    private static final int BAD_EVERY = 500;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    // Creating the container touches no Docker engine; the extension starts it before the tests.
    @Container
    static final GenericContainer<?> KAFKA = LocalContainers.kafka(LocalContainers.freePort());

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void everyGoodInstanceHasOnePredictionAndEveryBadRecordOneDeadLetter(@TempDir Path dir)
            throws Exception {
        runBaselineJobAndCheckOutputs("localhost:" + KAFKA.getEnvMap().get("BROKER_PORT"), dir);
    }

    /**
     * Produces, runs the job on the current environment (the MiniCluster) and checks its committed
     * outputs; needs only a broker at {@code bootstrap}.
     */
    static void runBaselineJobAndCheckOutputs(String bootstrap, Path dir) throws Exception {
        Topics topics = new Topics("tc-instances", "tc-predictions", "tc-metrics", "tc-dead");
        LocalContainers.createTopics(bootstrap, 2, topics.all());

        List<StreamProducer.Feed> feeds = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            feeds.add(
                    new StreamProducer.Feed(
                            "s" + s,
                            MoaGeneratorStream.open("generators.SEAGenerator -i " + (s + 1))));
        }
        long bad;
        try (StreamProducer producer = new StreamProducer(bootstrap, topics.instances())) {
            producer.run(feeds, RECORDS, 0, BAD_EVERY, () -> false, n -> {});
            assertThat(producer.sent()).isEqualTo(RECORDS);
            bad = producer.bad();
        }
        assertThat(bad).as("bad records mixed in").isPositive();

        // What went in, as written: good instances by stream/id, bad records by position.
        Set<String> goodIds = new HashSet<>();
        Set<String> badPositions = new HashSet<>();
        for (var r : TopicReader.readToEnd(bootstrap, topics.instances(), false, READ_TIMEOUT)) {
            String id = goodId(r.value());
            if (id != null) {
                goodIds.add(id);
            } else {
                badPositions.add(r.partition() + "@" + r.offset());
            }
        }
        assertThat(goodIds).hasSize((int) (RECORDS - bad));
        assertThat(badPositions).hasSize((int) bad);

        Configuration conf =
                RuntimeSettings.defaults()
                        .withCheckpointInterval(Duration.ofSeconds(1))
                        .withCheckpointDir(dir.resolve("checkpoints"))
                        .withRestarts(1, Duration.ofMillis(500))
                        .withTmpDir(dir.resolve("tmp"))
                        .toConfiguration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        PrequentialJob.Options options =
                PrequentialJob.Options.builder(
                                bootstrap, SchemaCatalog.forAll(feeds.get(0).source().schema()))
                        .topics(topics)
                        .ids("tc-test", "tc-test")
                        .maxRecordBytes(64 * 1024)
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .build();
        KafkaSource<RawRecord> source = PrequentialJob.boundedSource(options);
        PrequentialJob.wire(env, options, source);
        env.execute("kafka-container-test");

        Map<String, Integer> predictions = new HashMap<>();
        for (var r : TopicReader.readToEnd(bootstrap, topics.predictions(), true, READ_TIMEOUT)) {
            JsonNode p = Json.MAPPER.readTree(r.value());
            predictions.merge(
                    p.get("stream").asText() + "/" + p.get("id").asText(), 1, Integer::sum);
        }
        assertThat(predictions.keySet())
                .as("ids with a committed prediction")
                .containsExactlyInAnyOrderElementsOf(goodIds);
        assertThat(predictions)
                .as("ids with more than one committed prediction")
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));

        List<String> deadPositions = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.readToEnd(bootstrap, topics.deadLetters(), true, READ_TIMEOUT)) {
            JsonNode d = Json.MAPPER.readTree(r.value());
            assertThat(d.get("error").asText()).as("the reason of a dead letter").isNotBlank();
            assertThat(d.get("topic").asText()).isEqualTo(topics.instances());
            deadPositions.add(d.get("partition").asInt() + "@" + d.get("offset").asLong());
        }
        assertThat(deadPositions)
                .as("positions of the committed dead letters in %s", topics.instances())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(badPositions);
    }

    /** {@code stream/id} of a well-formed instance record as the producer writes it, else null. */
    private static String goodId(byte[] value) {
        try {
            JsonNode n = Json.MAPPER.readTree(value);
            if (n != null
                    && n.isObject()
                    && n.path("x").isArray()
                    && !n.path("id").asText("bad-").startsWith("bad-")) {
                return n.get("stream").asText() + "/" + n.get("id").asText();
            }
        } catch (IOException e) {
            // malformed JSON: one of the bad records
        }
        return null;
    }
}
