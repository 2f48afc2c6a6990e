package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.jobs.labeller.Labeller;
import dev.streamlearn.operators.active.ActiveLearningConfig;
import dev.streamlearn.operators.active.ActiveOperatorConfig;
import dev.streamlearn.operators.active.ActiveSession;
import dev.streamlearn.operators.active.ActiveSessionCodec;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.active.StrategyConfig;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.savepoint.SavepointInspector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
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
 * The active-learning job and the simulated labeller against a real broker and a MiniCluster with
 * RocksDB and 1 s checkpoints: every instance is predicted once, the job asks for 10% of the
 * labels, the labeller answers them (20% never) after up to 300 ms, and the models in the final
 * savepoint have learned exactly the answers (and SEA from them), across a failure injected while
 * the answers come in; answers to nothing asked are dead letters with the reason.
 */
class ActiveJobITCase {
    private static final int STREAMS = 2;
    private static final int PER_STREAM = 4_000;
    private static final int UNKNOWN = 7;

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    @RegisterExtension static final TestClusters.Kafka KAFKA = new TestClusters.Kafka();

    @Test
    void learnsEveryAnswerOnceAcrossAFailureAndDeadLettersTheUnknown(@TempDir Path dir)
            throws Exception {
        Topics topics = new Topics("al-in", "al-predictions", "al-metrics", "al-dead", "al-labels");
        String requests = "al-requests";
        KAFKA.broker().createTopics(2, topics.instances(), topics.labels(), requests);
        KAFKA.broker()
                .createTopics(2, topics.predictions(), topics.metrics(), topics.deadLetters());
        LabelledStream sea = MoaGeneratorStream.open("generators.SEAGenerator -i 2");
        List<String> classes = sea.schema().classValues();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < PER_STREAM; i++) {
                for (int s = 0; s < STREAMS; s++) {
                    LabelledStream.Example e = sea.next();
                    List<Object> x = new ArrayList<>();
                    for (double v : e.x()) {
                        x.add(v);
                    }
                    send(
                            producer,
                            topics.instances(),
                            "s" + s,
                            RecordJson.instance(
                                    "s" + s, Integer.toString(i), i, x, classes.get(e.y())));
                }
            }
            for (int u = 0; u < UNKNOWN; u++) {
                send(
                        producer,
                        topics.labels(),
                        "s0",
                        RecordJson.label("s0", "never-asked-" + u, classes.get(0)));
            }
        }

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobRuns.settings(dir));
        env.setParallelism(2);
        ActiveJob.Options options =
                ActiveJob.Options.builder(
                                KAFKA.broker().bootstrapServers(),
                                SchemaCatalog.forAll(sea.schema()))
                        .topics(topics, requests)
                        .learner(
                                ActiveOperatorConfig.defaults()
                                        .withActive(
                                                ActiveLearningConfig.of(
                                                        StrategyConfig.Kind.SPLIT,
                                                        BudgetConfig.Kind.CUMULATIVE,
                                                        0.1,
                                                        3))
                                        // event time is the instance index: nothing expires here
                                        .withDeadline(Duration.ofHours(1)))
                        .ids("al-it", "al-it")
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .build();
        // one failure, injected on the answers' way in once a checkpoint has completed: the job
        // restarts from that checkpoint, and every figure below must still hold exactly
        FailOnceAfterCheckpoint<RawRecord> failure = new FailOnceAfterCheckpoint<>(200);
        ActiveJob.sinkAll(
                ActiveJob.buildPipeline(
                        ActiveJob.read(env, options),
                        ActiveJob.readLabels(env, options).map(failure).uid("fail-once"),
                        options),
                options);
        JobClient job = env.executeAsync("active-it");

        Labeller labeller =
                new Labeller(
                        new Labeller.Options(
                                KAFKA.broker().bootstrapServers(),
                                topics.instances(),
                                requests,
                                topics.labels(),
                                Duration.ZERO,
                                Duration.ofMillis(300),
                                0,
                                0.2,
                                11,
                                100_000));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Labeller.Stats> done = new AtomicReference<>();
        Thread annotator = new Thread(() -> done.set(labeller.run(stop::get)), "labeller");
        annotator.start();
        try {
            int instances = STREAMS * PER_STREAM;
            await("all predictions committed")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> committed(topics.predictions()).size() >= instances);
            int asked = committed(requests).size();
            await("every request answered or left unanswered")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                Labeller.Stats s = labeller.stats();
                                return s.requests() == asked && s.answered() + s.silent() == asked;
                            });
        } finally {
            stop.set(true);
            annotator.join(30_000);
            labeller.close();
        }
        assertThat(failure.injected()).as("the failure was injected").isTrue();
        Labeller.Stats stats = done.get();
        assertThat(stats).as("the labeller finished").isNotNull();
        assertThat(stats.withoutTruth()).isZero();
        assertThat(stats.silent()).isPositive();
        JobRuns.awaitConsumedToTheEnd(KAFKA.broker().clientProperties(), "al-it", topics.labels());
        Path savepoint = JobRuns.stopWithSavepoint(job, dir);

        List<JsonNode> predictions = new ArrayList<>();
        for (var r : committed(topics.predictions())) {
            predictions.add(Json.MAPPER.readTree(r.value()));
        }
        assertThat(predictions).hasSize(STREAMS * PER_STREAM);
        assertThat(predictions)
                .allSatisfy(p -> assertThat(p.get("model").asText()).isEqualTo("active-split"));
        int asked = committed(requests).size();
        assertThat((double) asked / (STREAMS * PER_STREAM)).isBetween(0.09, 0.101);
        assertThat(stats.requests()).isEqualTo(asked);

        var dead = committed(topics.deadLetters());
        assertThat(dead).hasSize(UNKNOWN);
        for (var r : dead) {
            JsonNode d = Json.MAPPER.readTree(r.value());
            assertThat(d.get("topic").asText()).isEqualTo(topics.labels());
            assertThat(d.get("error").asText()).startsWith("unknown label");
        }
        assertThat(committed(topics.metrics())).isNotEmpty();

        long requested = 0;
        long received = 0;
        long awaiting = 0;
        ActiveSessionCodec codec = new ActiveSessionCodec();
        var models = SavepointInspector.open(savepoint).models(ActiveJob.MODEL_UID);
        assertThat(models).hasSize(STREAMS);
        for (var m : models) {
            ActiveSession s = codec.decode(m.bytes());
            requested += s.learner().requested();
            received += s.requests().received();
            awaiting += s.requests().awaiting();
            assertThat(s.learner().learned()).isEqualTo(s.requests().received());
            assertThat(s.requests().expired()).isZero();
            assertThat(s.requests().late()).isZero();
            assertThat(s.requests().duplicate()).isZero();
            assertThat(s.instances()).isEqualTo(PER_STREAM);
            assertThat(s.evaluator().count())
                    .as("scored against the ground truth")
                    .isEqualTo(PER_STREAM);
            // the job ran through the instances long before the answers came back (they leave
            // with each checkpoint), so its scored predictions say little; the model it learned
            // from the answers, tested on fresh instances, says what the labels taught it
            LabelledStream test = MoaGeneratorStream.open("generators.SEAGenerator -i 99");
            int correct = 0;
            for (int i = 0; i < 2_000; i++) {
                LabelledStream.Example e = test.next();
                double[] proba = s.learner().classifier().predictProbaOne(e.x());
                correct += OnlineClassifier.argMax(proba) == e.y() ? 1 : 0;
            }
            assertThat(correct / 2_000.0).as("SEA learned from the answers").isGreaterThan(0.75);
        }
        assertThat(requested).isEqualTo(asked);
        assertThat(received).as("every answer learned once").isEqualTo(stats.answered());
        assertThat(awaiting).as("the requests left unanswered").isEqualTo(stats.silent());
    }

    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> committed(
            String topic) {
        return TopicReader.readToEnd(
                KAFKA.broker().bootstrapServers(), topic, true, Duration.ofSeconds(30));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p);
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }
}
