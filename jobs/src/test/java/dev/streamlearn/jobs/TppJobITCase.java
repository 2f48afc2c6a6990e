package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.json.ModelSnapshotParser;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.connectors.records.TppScore;
import dev.streamlearn.jobs.produce.HawkesEvents;
import dev.streamlearn.operators.tpp.EntityHistory;
import dev.streamlearn.operators.tpp.NextEventForecast;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import dev.streamlearn.state.global.GlobalModelOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
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
 * The point-process job at parallelism 2 against a real broker, with a failure injected after the
 * scoring: the events of a Hawkes stream are written window by window, each after the model trained
 * on the window before was published, so every scoring subtask has many events to score with each
 * version. Every good event gets exactly one committed score, equal to what the core computes for
 * the same history alone with the version the score names; every subtask scores with every
 * published version; versions on the model topic go up by one, without a repeat across the restart;
 * and every bad event (unknown type, not JSON, out of order) is one dead letter with its reason.
 *
 * <p>The events' timestamps lie in 2024, years before the broker's clock: the sinks stamp their
 * records with the time of writing, else the broker's first retention check (30 s after it starts,
 * 7-day retention) deletes every output written before it, the first window's scores.
 */
class TppJobITCase {
    private static final List<String> TYPES = List.of("a", "b", "c");
    private static final int WINDOW = 1500;
    private static final int WINDOWS = 4;
    private static final int HISTORY = 8;

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    @RegisterExtension static final TestClusters.Kafka KAFKA = new TestClusters.Kafka();

    @TempDir Path dir;

    @Test
    void everyEventIsScoredOnceByTheVersionItNamesAndEverySubtaskTakesEveryVersion()
            throws Exception {
        TppTopics topics =
                new TppTopics("tp-events", "tp-scores", "tp-metrics", "tp-models", "tp-dead");
        KAFKA.broker()
                .createTopics(
                        2,
                        topics.events(),
                        topics.scores(),
                        topics.metrics(),
                        topics.deadLetters());
        KAFKA.broker().createTopics(1, topics.models());
        OnlineTppConfig config =
                OnlineTppConfig.defaults(3, true, 5)
                        .withHistoryLength(HISTORY)
                        .withWindow(0, WINDOW)
                        .withEpochs(1)
                        .withMaxSequences(120);
        TppJob.Options options =
                TppJob.Options.builder(KAFKA.broker().bootstrapServers(), TYPES)
                        .topics(topics)
                        .model(config)
                        .ids("tp-test", "tp-test")
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .scoring(GlobalModelOptions.defaults().withBatchSize(64))
                        .metricsWindow(Duration.ofSeconds(20))
                        .build();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(JobRuns.settings(dir));
        env.setParallelism(2);
        var raw = TppJob.read(env, options);
        TppJob.Outputs out = TppJob.buildPipeline(raw, TppJob.models(env, options), options);
        List<TppEvent> events = stream();
        // thrown while scoring the second window; see the class comment for the failure thrown at
        // the first checkpoint's completion
        FailOnceAfterCheckpoint<TppScore> failure = new FailOnceAfterCheckpoint<>(WINDOW - 100);
        TppJob.sinkAll(
                new TppJob.Outputs(
                        out.scores().map(failure).uid("fail-once"),
                        out.metrics(),
                        out.models(),
                        out.deadLetters()),
                options);
        JobClient job = env.executeAsync("tpp-test");
        List<String> bad = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int w = 0; w < WINDOWS; w++) {
                List<TppEvent> window = events.subList(w * WINDOW, (w + 1) * WINDOW);
                send(producer, topics.events(), window, bad, w);
                producer.flush();
                System.err.printf("window %d written%n", w);
                if (w < WINDOWS - 1) {
                    awaitVersion(topics.models(), w + 1);
                }
            }
        }
        long good = (long) WINDOWS * WINDOW;
        awaitScores(topics.scores(), good);
        JobRuns.awaitCommitted(KAFKA.broker().bootstrapServers(), topics.deadLetters(), bad.size());
        assertThat(failure.injected()).as("the failure was injected").isTrue();
        job.cancel().get();

        Map<Long, ModelSnapshot> versions = versions(topics.models());
        List<TppScore> scores = scores(topics.scores());
        checkOnePerEvent(scores, events);
        checkEverySubtaskTookEveryVersion(scores, versions);
        checkScoresAgainstTheCore(scores, events, versions, config);
        checkDeadLetters(topics.deadLetters(), bad);
    }

    /** Hawkes regime A, 40 entities, in time order: 4 windows' worth. */
    private static List<TppEvent> stream() {
        List<TppEvent> all =
                HawkesEvents.generate(
                        new HawkesEvents.Config(
                                HawkesEvents.Kind.REGIMES, 40, 50, 1, 1_732_600_000_000L, 3));
        assertThat(all.size()).isGreaterThan(WINDOWS * WINDOW);
        return all.subList(0, WINDOWS * WINDOW);
    }

    /** A window's events keyed by entity, with a bad record of each kind in turn every 300. */
    private static void send(
            KafkaProducer<byte[], byte[]> p,
            String topic,
            List<TppEvent> window,
            List<String> bad,
            int w) {
        for (int i = 0; i < window.size(); i++) {
            TppEvent e = window.get(i);
            p.send(
                    record(topic, e.entity(), RecordJson.tppEvent(e, TYPES)),
                    (m, error) -> {
                        if (error != null) {
                            throw new IllegalStateException("an event was not written", error);
                        }
                    });
            if (i % 300 == 150) {
                String[] kinds = {
                    "{\"entity\":\"" + e.entity() + "\",\"ts\":" + e.ts() + ",\"type\":\"zzz\"}",
                    "{\"entity\":\"" + e.entity() + "\",\"ts\":",
                    "{\"entity\":\""
                            + e.entity()
                            + "\",\"ts\":"
                            + (e.ts() - 60_000)
                            + ",\"type\":\"a\"}"
                };
                String kind = kinds[bad.size() % kinds.length];
                bad.add(kind);
                p.send(record(topic, e.entity(), kind.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static void awaitScores(String topic, long n) {
        String bootstrap = KAFKA.broker().bootstrapServers();
        await(n + " scores committed")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> {
                            int committed =
                                    TopicReader.readToEnd(
                                                    bootstrap, topic, true, Duration.ofSeconds(30))
                                            .size();
                            System.err.printf(
                                    "scores committed %d, uncommitted %d; events %d; versions %s%n",
                                    committed,
                                    TopicReader.readToEnd(
                                                    bootstrap, topic, false, Duration.ofSeconds(30))
                                            .size(),
                                    TopicReader.readToEnd(
                                                    bootstrap,
                                                    "tp-events",
                                                    false,
                                                    Duration.ofSeconds(30))
                                            .size(),
                                    versions("tp-models").keySet());
                            return committed >= n;
                        });
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(p);
    }

    private static void awaitVersion(String topic, long v) {
        await("model version " + v + " committed")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> versions(topic).containsKey(v));
    }

    /** The committed snapshots by version; a version committed twice fails the test. */
    private static Map<Long, ModelSnapshot> versions(String topic) throws Exception {
        Map<Long, ModelSnapshot> out = new TreeMap<>();
        long last = 0;
        for (var r :
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(), topic, true, Duration.ofSeconds(30))) {
            ModelSnapshot s =
                    new ModelSnapshotParser("tpp")
                            .parse(new RawRecord(topic, 0, r.offset(), 0, r.value()));
            assertThat(s.version()).as("versions go up by one").isEqualTo(last + 1);
            last = s.version();
            out.put(s.version(), s);
        }
        return out;
    }

    private static List<TppScore> scores(String topic) throws Exception {
        List<TppScore> out = new ArrayList<>();
        for (var r :
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(), topic, true, Duration.ofSeconds(60))) {
            JsonNode n = Json.MAPPER.readTree(r.value());
            double[] p = new double[TYPES.size()];
            for (int k = 0; k < p.length; k++) {
                p[k] = n.get("next_type").get(TYPES.get(k)).asDouble();
            }
            boolean scored = n.has("ll");
            out.add(
                    new TppScore(
                            n.get("entity").asText(),
                            n.get("ts").asLong(),
                            n.get("type").asText(),
                            scored ? n.get("event_ll").asDouble() : Double.NaN,
                            scored ? n.get("compensator").asDouble() : Double.NaN,
                            n.get("next_ts").asLong(),
                            p,
                            Double.NaN,
                            false,
                            n.has("truth_ll") ? n.get("truth_ll").asDouble() : Double.NaN,
                            n.get("version").asLong()));
        }
        return out;
    }

    private static void checkOnePerEvent(List<TppScore> scores, List<TppEvent> events) {
        Map<String, Integer> expected = new HashMap<>();
        events.forEach(e -> expected.merge(e.entity() + "@" + e.ts(), 1, Integer::sum));
        Map<String, Integer> seen = new HashMap<>();
        scores.forEach(s -> seen.merge(s.entity() + "@" + s.ts(), 1, Integer::sum));
        Map<String, Integer> wrong = new TreeMap<>();
        expected.forEach(
                (k, n) -> {
                    if (!n.equals(seen.get(k))) {
                        wrong.put(k, seen.getOrDefault(k, 0) - n);
                    }
                });
        seen.keySet().stream()
                .filter(k -> !expected.containsKey(k))
                .forEach(k -> wrong.put(k, seen.get(k)));
        assertThat(wrong).as("scores per event beyond one (+) or missing (-)").isEmpty();
    }

    /** Each scoring subtask (the entity's key group) used versions 0 to the last trained-on one. */
    private static void checkEverySubtaskTookEveryVersion(
            List<TppScore> scores, Map<Long, ModelSnapshot> versions) {
        assertThat(versions.keySet()).containsAll(List.of(1L, 2L, 3L));
        Map<Integer, Set<Long>> used = new TreeMap<>();
        for (TppScore s : scores) {
            int subtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(s.entity(), 128, 2);
            used.computeIfAbsent(subtask, k -> new TreeSet<>()).add(s.version());
        }
        assertThat(used).containsOnlyKeys(0, 1);
        used.forEach(
                (subtask, v) ->
                        assertThat(v)
                                .as("versions used by subtask " + subtask)
                                .containsAll(List.of(0L, 1L, 2L, 3L)));
    }

    /** A sample of scores against the core's forecast of the same history alone. */
    private static void checkScoresAgainstTheCore(
            List<TppScore> scores,
            List<TppEvent> events,
            Map<Long, ModelSnapshot> versions,
            OnlineTppConfig config) {
        Map<String, List<TppEvent>> byEntity = new HashMap<>();
        events.forEach(e -> byEntity.computeIfAbsent(e.entity(), k -> new ArrayList<>()).add(e));
        Map<Long, NeuralTpp> models = new HashMap<>();
        try {
            for (int i = 0; i < scores.size(); i += scores.size() / 150) {
                TppScore s = scores.get(i);
                if (byEntity.get(s.entity()).stream().filter(e -> e.ts() == s.ts()).count() > 1) {
                    continue; // two events in one millisecond: which history is whose is ambiguous
                }
                NeuralTpp m =
                        models.computeIfAbsent(
                                s.version(),
                                v ->
                                        v == 0
                                                ? config.initialModel()
                                                : new NeuralTppCodec()
                                                        .decode(versions.get(v).bytes()));
                NextEventForecast f =
                        m.forecast(List.of(history(byEntity.get(s.entity()), s.ts()))).get(0);
                String at = s.entity() + "@" + s.ts() + " v" + s.version();
                assertThat(s.scored()).as(at).isEqualTo(!Double.isNaN(f.eventLogIntensity()));
                if (s.scored()) {
                    assertThat(s.logLikelihood()).as(at).isCloseTo(f.logLikelihood(), within(1e-4));
                }
                assertThat(s.nextTs() - s.ts())
                        .as(at)
                        .isCloseTo(Math.round(f.nextGap() * 1000), within(1L));
                for (int k = 0; k < 3; k++) {
                    assertThat(s.nextTypes()[k]).as(at).isCloseTo(f.nextTypes()[k], within(1e-5));
                }
            }
        } finally {
            models.values().forEach(NeuralTpp::close);
        }
    }

    /** The last {@link #HISTORY} events of an entity up to the one at {@code ts}. */
    private static dev.streamlearn.operators.tpp.EventSequence history(
            List<TppEvent> entity, long ts) {
        EntityHistory h = new EntityHistory(HISTORY);
        for (TppEvent e : entity) {
            if (e.ts() > ts) {
                break;
            }
            h.append(e.ts(), e.type());
        }
        return h.sequence(1000);
    }

    private static void checkDeadLetters(String topic, List<String> bad) throws Exception {
        List<String> reasons = new ArrayList<>();
        for (var r :
                TopicReader.readToEnd(
                        KAFKA.broker().bootstrapServers(), topic, true, Duration.ofSeconds(30))) {
            reasons.add(Json.MAPPER.readTree(r.value()).get("error").asText());
        }
        assertThat(reasons).hasSize(bad.size());
        for (String expected : List.of("unknown event type", "JSON", "out-of-order")) {
            assertThat(reasons).anyMatch(reason -> reason.contains(expected));
        }
    }
}
