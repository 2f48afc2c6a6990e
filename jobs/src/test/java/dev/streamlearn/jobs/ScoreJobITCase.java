package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.records.Score;
import dev.streamlearn.gpu.BundledModel;
import dev.streamlearn.gpu.InferenceEngine;
import dev.streamlearn.gpu.ModelSpec;
import dev.streamlearn.gpu.flink.BatchOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring job with the bundled 8-32-3 MLP on ONNX Runtime, against a real broker and a
 * MiniCluster at parallelism 2 with an injected failure after the inference operator: every good
 * row has exactly one committed score, equal to what PyTorch computed for it (the Python oracle
 * that wrote the model, {@code gpu-udf/src/test/resources/models/oracle.json}), and every bad row
 * (too short, a string, a number beyond double's range, not JSON) exactly one dead letter with its
 * reason.
 */
class ScoreJobITCase {
    private static final int ROWS = 24_000;
    private static final int BAD_EVERY = 400;

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    @RegisterExtension static final TestClusters.Kafka KAFKA = new TestClusters.Kafka();

    @TempDir Path dir;

    @Test
    void everyRowIsScoredOnceAsPyTorchScoresItAcrossAFailure() throws Exception {
        List<float[][]> oracle = OracleRows.mlp();
        ScoreTopics topics = new ScoreTopics("sc-features", "sc-scores", "sc-dead");
        KAFKA.broker().createTopics(2, topics.all());
        List<String> badReasons = produce(topics.features(), oracle);
        long good = ROWS - badReasons.size();

        ModelSpec model = BundledModel.MLP.spec(InferenceEngine.ONNX_RUNTIME, dir.resolve("model"));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobRuns.settings(dir));
        env.setParallelism(2);
        ScoreJob.Options options =
                ScoreJob.Options.builder(KAFKA.broker().bootstrapServers(), model)
                        .topics(topics)
                        .ids("sc-test", "sc-test")
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .batching(BatchOptions.defaults().withBatchSize(64))
                        .build();
        DataStream<RawRecord> raw = ScoreJob.read(env, options);
        ScoreJob.Outputs out = ScoreJob.buildPipeline(raw, options);
        FailOnceAfterCheckpoint<Score> failure = new FailOnceAfterCheckpoint<>(good / 8);
        ScoreJob.sinkAll(
                new ScoreJob.Outputs(out.scores().map(failure).uid("fail-once"), out.deadLetters()),
                options);
        JobClient job = env.executeAsync("score-test");
        JobRuns.awaitCommitted(KAFKA.broker().bootstrapServers(), topics.scores(), good);
        await("the failure injected").atMost(Duration.ofMinutes(1)).until(failure::injected);
        JobRuns.awaitCommitted(
                KAFKA.broker().bootstrapServers(), topics.deadLetters(), badReasons.size());
        job.cancel().get();

        Map<String, Integer> seen = new HashMap<>();
        for (var r : committed(topics.scores())) {
            JsonNode s = Json.MAPPER.readTree(r);
            String id = s.get("id").asText();
            assertThat(seen.merge(id, 1, Integer::sum)).as("scores of " + id).isEqualTo(1);
            assertThat(s.get("model").asText()).isEqualTo("mlp.onnx");
            float[] expected = oracle.get(Integer.parseInt(id.substring(1)) % oracle.size())[1];
            JsonNode outputs = s.get("outputs");
            assertThat(outputs).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(outputs.get(i).floatValue())
                        .as("output %d of %s", i, id)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
        assertThat(seen).hasSize((int) good);

        List<String> reasons = new ArrayList<>();
        for (var r : committed(topics.deadLetters())) {
            reasons.add(Json.MAPPER.readTree(r).get("error").asText());
        }
        assertThat(reasons).hasSize(badReasons.size());
        for (String expected :
                List.of(
                        "has 7 values but the model takes 8",
                        "must be a number",
                        "finite",
                        "JSON")) {
            assertThat(reasons).anyMatch(reason -> reason.contains(expected));
        }
    }

    /**
     * Rows {@code r0, r1, ...}, row i the inputs of oracle case i modulo their count; every {@value
     * #BAD_EVERY}th a bad one of four kinds in turn; returns the bad rows' kinds.
     */
    private static List<String> produce(String topic, List<float[][]> oracle) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        String[] bad = {
            "{\"id\":\"b%d\",\"features\":[1,2,3,4,5,6,7]}",
            "{\"id\":\"b%d\",\"features\":[1,2,3,4,\"5\",6,7,8]}",
            "{\"id\":\"b%d\",\"features\":[1,2,3,4,5,6,7,1e999]}",
            "{\"id\":\"b%d\",\"features\":"
        };
        List<String> kinds = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < ROWS; i++) {
                String id = "r" + i;
                byte[] value;
                if ((i + 1) % BAD_EVERY == 0) {
                    String kind = bad[kinds.size() % bad.length];
                    kinds.add(kind);
                    value = String.format(kind, i).getBytes(StandardCharsets.UTF_8);
                } else {
                    value = RecordJson.featureRow(id, oracle.get(i % oracle.size())[0]);
                }
                producer.send(
                        new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value));
            }
        }
        return kinds;
    }

    private static List<byte[]> committed(String topic) {
        List<byte[]> values = new ArrayList<>();
        TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(), topic, true, Duration.ofSeconds(60))
                .forEach(r -> values.add(r.value()));
        return values;
    }
}
