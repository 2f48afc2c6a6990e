package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.jobs.produce.StreamProducer;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.runtime.RuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline job against a real broker and a MiniCluster with RocksDB and 1 s checkpoints:
 * 200,000 instances with bad records mixed in, one injected failure mid-stream, and then a
 * read_committed consumer must see every good id exactly once among the predictions and every bad
 * record exactly once among the dead letters.
 */
class PrequentialJobITCase {
    private static final int STREAMS = 10;
    private static final int RECORDS = 200_000;
    private static final int BAD_EVERY = 500;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void everyInputIsOnePredictionOrOneDeadLetterAcrossAFailure(@TempDir Path dir)
            throws Exception {
        Topics topics = new Topics("eo-in", "eo-predictions", "eo-metrics", "eo-dead");
        kafka.createTopics(2, topics.all());

        List<StreamProducer.Feed> feeds = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            feeds.add(
                    new StreamProducer.Feed(
                            "s" + s,
                            MoaGeneratorStream.open("generators.SEAGenerator -i " + (s + 1))));
        }
        long bad;
        try (StreamProducer producer =
                new StreamProducer(kafka.bootstrapServers(), topics.instances())) {
            producer.run(feeds, RECORDS, 0, BAD_EVERY, () -> false, n -> {});
            bad = producer.bad();
        }
        long good = RECORDS - bad;

        Configuration conf =
                RuntimeSettings.defaults()
                        .withCheckpointInterval(Duration.ofSeconds(1))
                        .withCheckpointDir(dir.resolve("checkpoints"))
                        .withRestarts(3, Duration.ofMillis(500))
                        .withTmpDir(dir.resolve("tmp"))
                        .toConfiguration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        PrequentialJob.Options options =
                PrequentialJob.Options.of(
                                kafka.bootstrapServers(),
                                SchemaCatalog.forAll(feeds.get(0).source().schema()))
                        .withTopics(topics)
                        .withIds("eo-test", "eo-test")
                        .withMaxRecordBytes(64 * 1024)
                        .withStartFrom(KafkaSources.StartFrom.EARLIEST);
        var source =
                KafkaSources.rawBuilder(
                                kafka.bootstrapServers(),
                                options.groupId(),
                                KafkaSources.StartFrom.EARLIEST,
                                topics.instances())
                        .setBounded(OffsetsInitializer.latest())
                        .build();
        DataStream<RawRecord> raw =
                PrequentialJob.read(env, options, source)
                        .map(new FailOnceAfterCheckpoint(RECORDS / 4))
                        .uid("fail-once");
        PrequentialJob.sinkAll(PrequentialJob.buildPipeline(raw, options), options);
        env.execute("exactly-once-test");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();

        List<ConsumerRecord<byte[], byte[]>> predictions =
                TopicReader.readToEnd(
                        kafka.bootstrapServers(),
                        topics.predictions(),
                        true,
                        Duration.ofSeconds(60));
        List<String> ids = new ArrayList<>();
        for (var r : predictions) {
            JsonNode p = Json.MAPPER.readTree(r.value());
            ids.add(p.get("stream").asText() + "/" + p.get("id").asText());
        }
        Set<String> distinct = new HashSet<>(ids);
        assertThat(ids).as("predictions, committed").hasSize((int) good);
        assertThat(distinct).as("distinct prediction ids").hasSize((int) good);

        List<ConsumerRecord<byte[], byte[]>> dead =
                TopicReader.readToEnd(
                        kafka.bootstrapServers(),
                        topics.deadLetters(),
                        true,
                        Duration.ofSeconds(60));
        Set<Long> deadOffsets = new HashSet<>();
        for (var r : dead) {
            JsonNode d = Json.MAPPER.readTree(r.value());
            assertThat(d.get("error").asText()).isNotBlank();
            assertThat(d.get("topic").asText()).isEqualTo(topics.instances());
            deadOffsets.add(
                    d.get("partition").asLong() * 1_000_000_000L + d.get("offset").asLong());
        }
        assertThat(dead).as("dead letters, committed").hasSize((int) bad);
        assertThat(deadOffsets).as("distinct dead-letter sources").hasSize((int) bad);

        List<ConsumerRecord<byte[], byte[]>> metrics =
                TopicReader.readToEnd(
                        kafka.bootstrapServers(), topics.metrics(), true, Duration.ofSeconds(60));
        assertThat(metrics).isNotEmpty();
        JsonNode last = Json.MAPPER.readTree(metrics.get(metrics.size() - 1).value());
        // SEA with 10% label noise: a Hoeffding tree reaches well above chance.
        assertThat(last.get("accuracy").asDouble()).isGreaterThan(0.75);
    }

    /** Throws once, after a checkpoint completed and {@code after} records went through it. */
    static final class FailOnceAfterCheckpoint
            implements MapFunction<RawRecord, RawRecord>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final long after;
        private transient long seen;
        private transient boolean checkpointed;

        FailOnceAfterCheckpoint(long after) {
            this.after = after;
        }

        @Override
        public RawRecord map(RawRecord value) {
            if (checkpointed && ++seen > after / 2 && !FAILED.getAndSet(true)) {
                throw new IllegalStateException("injected failure (test)");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
