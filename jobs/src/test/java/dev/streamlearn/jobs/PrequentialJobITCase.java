package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.jobs.produce.StreamProducer;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.baseline.PrequentialLearnerCodec;
import dev.streamlearn.operators.driftmoe.DriftMoe;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.savepoint.SavepointInspector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The baseline job against a real broker and a MiniCluster with RocksDB and 1 s checkpoints:
 * 200,000 instances with bad records mixed in, one injected failure mid-stream, and then a
 * read_committed consumer must see every good id exactly once among the predictions and every bad
 * record exactly once among the dead letters; and every stream's final model, read from a savepoint
 * taken once all is committed, must equal byte for byte the one of a run without the failure.
 */
class PrequentialJobITCase {
    private static final int STREAMS = 10;
    private static final int RECORDS = 200_000;
    private static final int BAD_EVERY = 500;

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    @RegisterExtension static final TestClusters.Kafka KAFKA = new TestClusters.Kafka();

    @Test
    void everyInputIsOnePredictionOrOneDeadLetterAcrossAFailure(@TempDir Path dir)
            throws Exception {
        String input = "eo-in";
        KAFKA.broker().createTopics(2, input);
        List<StreamProducer.Feed> feeds = new ArrayList<>();
        for (int s = 0; s < STREAMS; s++) {
            feeds.add(
                    new StreamProducer.Feed(
                            "s" + s,
                            MoaGeneratorStream.open("generators.SEAGenerator -i " + (s + 1))));
        }
        long bad;
        try (StreamProducer producer =
                new StreamProducer(KAFKA.broker().bootstrapServers(), input)) {
            producer.run(feeds, RECORDS, 0, BAD_EVERY, () -> false, n -> {});
            bad = producer.bad();
        }
        long good = RECORDS - bad;
        SchemaCatalog schemas = SchemaCatalog.forAll(feeds.get(0).source().schema());

        Topics failing = new Topics(input, "eo-predictions", "eo-metrics", "eo-dead");
        Path failingSavepoint =
                run(
                        failing,
                        schemas,
                        PrequentialConfig.defaults(),
                        good,
                        dir.resolve("failing"),
                        Failure.IN_INPUT);
        assertThat(injected.getAsBoolean()).as("the failure was injected").isTrue();

        List<ConsumerRecord<byte[], byte[]>> predictions =
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(),
                        failing.predictions(),
                        true,
                        Duration.ofSeconds(60));
        List<String> ids = new ArrayList<>();
        for (var r : predictions) {
            JsonNode p = Json.MAPPER.readTree(r.value());
            ids.add(p.get("stream").asText() + "/" + p.get("id").asText());
        }
        assertThat(ids).as("predictions, committed").hasSize((int) good);
        assertThat(new HashSet<>(ids)).as("distinct prediction ids").hasSize((int) good);

        List<ConsumerRecord<byte[], byte[]>> dead =
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(),
                        failing.deadLetters(),
                        true,
                        Duration.ofSeconds(60));
        Set<Long> deadOffsets = new HashSet<>();
        for (var r : dead) {
            JsonNode d = Json.MAPPER.readTree(r.value());
            assertThat(d.get("error").asText()).isNotBlank();
            assertThat(d.get("topic").asText()).isEqualTo(input);
            deadOffsets.add(
                    d.get("partition").asLong() * 1_000_000_000L + d.get("offset").asLong());
        }
        assertThat(dead).as("dead letters, committed").hasSize((int) bad);
        assertThat(deadOffsets).as("distinct dead-letter sources").hasSize((int) bad);

        List<ConsumerRecord<byte[], byte[]>> metrics =
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(),
                        failing.metrics(),
                        true,
                        Duration.ofSeconds(60));
        assertThat(metrics).isNotEmpty();
        JsonNode last = Json.MAPPER.readTree(metrics.get(metrics.size() - 1).value());
        // SEA with 10% label noise: a Hoeffding tree reaches well above chance.
        assertThat(last.get("accuracy").asDouble()).isGreaterThan(0.75);

        // The same input without a failure: every stream's final model is byte for byte the same.
        Topics clean = new Topics(input, "clean-predictions", "clean-metrics", "clean-dead");
        Path cleanSavepoint =
                run(
                        clean,
                        schemas,
                        PrequentialConfig.defaults(),
                        good,
                        dir.resolve("clean"),
                        Failure.NONE);
        Map<String, byte[]> afterFailure = finalModels(failingSavepoint);
        Map<String, byte[]> withoutFailure = finalModels(cleanSavepoint);
        assertThat(afterFailure.keySet()).hasSize(STREAMS).isEqualTo(withoutFailure.keySet());
        for (String key : withoutFailure.keySet()) {
            assertThat(afterFailure.get(key))
                    .as("model of " + key)
                    .isEqualTo(withoutFailure.get(key));
        }
    }

    /**
     * A failure at each point, at parallelism 1 and 2: inside the model operator (while it emits a
     * prediction), in a snapshot and then right after the restore from it. Every instance is
     * predicted once (committed) and every stream's final model is byte for byte that of a run
     * without failures.
     */
    @ParameterizedTest(name = "{0} at parallelism {1}")
    @MethodSource("failurePoints")
    void modelsAreExactAcrossAFailure(Failure failure, int parallelism, @TempDir Path dir)
            throws Exception {
        long good = (long) SHARED_STREAMS * SHARED_PER_STREAM;
        String p = "-" + failure.ordinal() + "-" + parallelism;
        Topics failing =
                new Topics(sharedInput(), "fp-predictions" + p, "fp-metrics" + p, "fp-dead" + p);
        Path afterFailures =
                run(
                        failing,
                        SHARED_SCHEMAS,
                        PrequentialConfig.defaults(),
                        good,
                        dir.resolve("failing"),
                        failure,
                        parallelism);
        assertThat(injected.getAsBoolean()).as("the failure was injected").isTrue();
        Set<String> ids = new HashSet<>();
        for (var r :
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(),
                        failing.predictions(),
                        true,
                        Duration.ofSeconds(60))) {
            JsonNode prediction = Json.MAPPER.readTree(r.value());
            assertThat(
                            ids.add(
                                    prediction.get("stream").asText()
                                            + "/"
                                            + prediction.get("id").asText()))
                    .isTrue();
        }
        assertThat(ids).hasSize((int) good);
        Map<String, byte[]> a = finalModels(afterFailures);
        Map<String, byte[]> b = modelsWithoutFailure(dir.resolve("clean"));
        assertThat(a.keySet()).hasSize(SHARED_STREAMS).isEqualTo(b.keySet());
        for (String key : b.keySet()) {
            assertThat(a.get(key)).as("model of " + key).isEqualTo(b.get(key));
        }
    }

    static Stream<Arguments> failurePoints() {
        return Stream.of(Failure.AFTER_THE_MODEL, Failure.IN_SNAPSHOT_THEN_AFTER_RESTORE)
                .flatMap(f -> Stream.of(Arguments.of(f, 1), Arguments.of(f, 2)));
    }

    private static final int SHARED_STREAMS = 4;
    private static final int SHARED_PER_STREAM = 4_000;
    private static final SchemaCatalog SHARED_SCHEMAS =
            SchemaCatalog.forAll(MoaGeneratorStream.open("generators.SEAGenerator").schema());
    private static String sharedInput;
    private static Map<String, byte[]> sharedCleanModels;

    /** The input of the failure-point cases, produced once. */
    private static String sharedInput() {
        if (sharedInput == null) {
            String input = "fp-in";
            KAFKA.broker().createTopics(2, input);
            TestInstances.produce(
                    KAFKA.broker().bootstrapServers(),
                    input,
                    MoaGeneratorStream.open("generators.SEAGenerator -i 7"),
                    SHARED_STREAMS,
                    0,
                    SHARED_PER_STREAM);
            sharedInput = input;
        }
        return sharedInput;
    }

    /**
     * The final models of a run on the shared input without failures, run once: a stream's model
     * does not depend on the parallelism (its records reach it in the same order).
     */
    private Map<String, byte[]> modelsWithoutFailure(Path dir) throws Exception {
        if (sharedCleanModels == null) {
            Topics clean = new Topics(sharedInput(), "fp-clean-p", "fp-clean-m", "fp-clean-d");
            sharedCleanModels =
                    finalModels(
                            run(
                                    clean,
                                    SHARED_SCHEMAS,
                                    PrequentialConfig.defaults(),
                                    (long) SHARED_STREAMS * SHARED_PER_STREAM,
                                    dir,
                                    Failure.NONE,
                                    1));
        }
        return sharedCleanModels;
    }

    /**
     * DriftMoE with labels that come later on their own topic: every instance is predicted once
     * (committed), every label is learned exactly once across an injected failure (the models in
     * the final savepoint have learned as many labels as were sent and none waits), and bad label
     * records are dead letters of the labels topic.
     */
    @Test
    void driftMoeLearnsEveryDelayedLabelOnceAcrossAFailure(@TempDir Path dir) throws Exception {
        int streams = 3;
        int perStream = 8_000;
        int badLabels = 25;
        Topics topics = new Topics("dl-in", "dl-predictions", "dl-metrics", "dl-dead", "dl-labels");
        KAFKA.broker().createTopics(2, topics.instances(), topics.labels());
        LabelledStream sea = MoaGeneratorStream.open("generators.SEAGenerator -i 9");
        List<String> classes = sea.schema().classValues();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < perStream; i++) {
                for (int s = 0; s < streams; s++) {
                    LabelledStream.Example e = sea.next();
                    String stream = "s" + s;
                    String id = Integer.toString(i);
                    List<Object> x = new ArrayList<>();
                    for (double v : e.x()) {
                        x.add(v);
                    }
                    send(
                            producer,
                            topics.instances(),
                            stream,
                            RecordJson.instance(stream, id, i, x, null));
                    send(
                            producer,
                            topics.labels(),
                            stream,
                            RecordJson.label(stream, id, classes.get(e.y())));
                }
                if (i % (perStream / badLabels) == 0) {
                    send(
                            producer,
                            topics.labels(),
                            "s0",
                            RecordJson.label("s0", "bad-" + i, "NOT-A-CLASS"));
                }
            }
        }
        int instances = streams * perStream;
        SchemaCatalog schemas = SchemaCatalog.forAll(sea.schema());
        Path savepoint =
                run(
                        topics,
                        schemas,
                        PrequentialConfig.defaults().withLearner("driftmoe-data"),
                        instances,
                        dir,
                        Failure.AFTER_THE_MODEL);
        assertThat(injected.getAsBoolean()).as("the failure was injected").isTrue();

        Set<String> ids = new HashSet<>();
        List<ConsumerRecord<byte[], byte[]>> predictions =
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(),
                        topics.predictions(),
                        true,
                        Duration.ofSeconds(60));
        for (var r : predictions) {
            JsonNode p = Json.MAPPER.readTree(r.value());
            assertThat(p.get("model").asText()).isEqualTo("driftmoe-data");
            ids.add(p.get("stream").asText() + "/" + p.get("id").asText());
        }
        assertThat(predictions).as("predictions, committed").hasSize(instances);
        assertThat(ids).hasSize(instances);

        List<ConsumerRecord<byte[], byte[]>> dead =
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(),
                        topics.deadLetters(),
                        true,
                        Duration.ofSeconds(60));
        assertThat(dead).as("bad labels, committed").hasSize(badLabels);
        for (var r : dead) {
            JsonNode d = Json.MAPPER.readTree(r.value());
            assertThat(d.get("topic").asText()).isEqualTo(topics.labels());
            assertThat(d.get("error").asText()).contains("NOT-A-CLASS");
        }

        long learned = 0;
        PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
        for (var m : SavepointInspector.open(savepoint).models(PrequentialJob.MODEL_UID)) {
            PrequentialLearner model = codec.decode(m.bytes());
            assertThat(model.classifier()).isInstanceOf(DriftMoe.class);
            assertThat(model.delayed().pending()).as("instances waiting in " + m.key()).isZero();
            assertThat(model.delayed().early()).as("labels waiting in " + m.key()).isZero();
            assertThat(model.delayed().givenUp()).isZero();
            assertThat(model.instances()).isEqualTo(perStream);
            // SEA with 10% noise, learned from delayed labels: well above chance
            assertThat(model.evaluator().accuracy()).isGreaterThan(0.7);
            learned += model.version();
        }
        assertThat(learned).as("labels learned, each once").isEqualTo(instances);
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

    /** Whether the failure of the last {@link #run} that injected one was thrown. */
    private BooleanSupplier injected;

    /**
     * Runs the job on the whole input topic (and the labels topic, if any) until all {@code good}
     * predictions are committed and every label is read, then stops it with a savepoint, whose path
     * it returns.
     */
    private Path run(
            Topics topics,
            SchemaCatalog schemas,
            PrequentialConfig learner,
            long good,
            Path dir,
            Failure failure)
            throws Exception {
        return run(topics, schemas, learner, good, dir, failure, 2);
    }

    private Path run(
            Topics topics,
            SchemaCatalog schemas,
            PrequentialConfig learner,
            long good,
            Path dir,
            Failure failure,
            int parallelism)
            throws Exception {
        KAFKA.broker()
                .createTopics(2, topics.predictions(), topics.metrics(), topics.deadLetters());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobRuns.settings(dir));
        env.setParallelism(parallelism);
        String id = "eo-" + topics.predictions();
        PrequentialJob.Options options =
                PrequentialJob.Options.builder(KAFKA.broker().bootstrapServers(), schemas)
                        .topics(topics)
                        .learner(learner)
                        .ids(id, id)
                        .maxRecordBytes(64 * 1024)
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .build();
        DataStream<RawRecord> raw =
                PrequentialJob.read(env, options, PrequentialJob.source(options));
        if (failure == Failure.IN_SNAPSHOT_THEN_AFTER_RESTORE) {
            FailInSnapshotThenAfterRestore<RawRecord> failing =
                    new FailInSnapshotThenAfterRestore<>();
            injected = failing::injected;
            raw = raw.map(failing).uid("fail-in-snapshot");
        }
        if (failure == Failure.IN_INPUT) {
            FailOnceAfterCheckpoint<RawRecord> failing = new FailOnceAfterCheckpoint<>(good / 4);
            injected = failing::injected;
            raw = raw.map(failing).uid("fail-once");
        }
        PrequentialJob.Outputs out =
                PrequentialJob.buildPipeline(raw, PrequentialJob.readLabels(env, options), options);
        if (failure == Failure.AFTER_THE_MODEL) {
            FailOnceAfterCheckpoint<Prediction> failing = new FailOnceAfterCheckpoint<>(good / 8);
            injected = failing::injected;
            out =
                    new PrequentialJob.Outputs(
                            out.predictions().map(failing).uid("fail-once"),
                            out.metrics(),
                            out.deadLetters());
        }
        PrequentialJob.sinkAll(out, options);
        if (failure == Failure.NONE) {
            injected = () -> true;
        }
        JobClient job = env.executeAsync("exactly-once-test-" + failure);
        JobRuns.awaitCommitted(KAFKA.broker().bootstrapServers(), topics.predictions(), good);
        if (topics.labels() != null) {
            // labels come on their own topic, at their own pace: every prediction out does not
            // mean every label in
            JobRuns.awaitConsumedToTheEnd(KAFKA.broker().clientProperties(), id, topics.labels());
        }
        await("the failure injected").atMost(Duration.ofMinutes(1)).until(injected::getAsBoolean);
        return JobRuns.stopWithSavepoint(job, dir);
    }

    private static Map<String, byte[]> finalModels(Path savepoint) throws Exception {
        return JobRuns.models(savepoint, PrequentialJob.MODEL_UID);
    }

    /** Where a run injects its one failure. */
    private enum Failure {
        NONE,
        /** Between the Kafka source and the parser. */
        IN_INPUT,
        /**
         * Inside the model operator: a map chained to its output throws while the operator emits a
         * prediction (records come at the model's pace).
         */
        AFTER_THE_MODEL,
        /** A snapshot after the source throws, then the first restore after it throws too. */
        IN_SNAPSHOT_THEN_AFTER_RESTORE
    }
}
