package dev.streamlearn.jobs.labeller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.json.BadRecordException;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.kafka.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A simulated annotator for the active-learning job: it reads the ground truth from the instances
 * topic ({@code "y"}, which the job only scores against) and the job's label requests, and answers
 * each request on the labels topic after a delay drawn uniformly in [min, max], with the wrong
 * class at the noise rate and no answer at all at the no-answer rate. Seeded.
 *
 * <pre>{@code
 * try (Labeller l = new Labeller(options)) {
 *     Labeller.Stats s = l.run(() -> done);
 * }
 * }</pre>
 */
public final class Labeller implements AutoCloseable {

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param instancesTopic where the ground truth is read ({@code "y"} of each instance)
     * @param requestsTopic the job's label requests
     * @param labelsTopic where the answers go
     * @param minDelay the shortest delay of an answer
     * @param maxDelay the longest delay of an answer
     * @param noise the share of answers with a wrong class
     * @param noAnswer the share of requests never answered
     * @param seed seeds delays, noise and silences
     * @param maxTruths how many ground truths are remembered (the oldest are forgotten)
     */
    public record Options(
            String bootstrapServers,
            String instancesTopic,
            String requestsTopic,
            String labelsTopic,
            Duration minDelay,
            Duration maxDelay,
            double noise,
            double noAnswer,
            long seed,
            int maxTruths) {

        public Options {
            if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0) {
                throw new IllegalArgumentException(
                        "the delay must be 0 <= min <= max, got " + minDelay + " to " + maxDelay);
            }
            if (!(noise >= 0 && noise <= 1) || !(noAnswer >= 0 && noAnswer <= 1)) {
                throw new IllegalArgumentException(
                        "the noise and no-answer rates must lie in [0, 1], got "
                                + noise
                                + " and "
                                + noAnswer);
            }
            if (maxTruths < 1) {
                throw new IllegalArgumentException("maxTruths must be positive, got " + maxTruths);
            }
        }

        /** Answers after 0.5 to 3 s, no noise, every request answered, seed 1. */
        public static Options defaults(String bootstrapServers) {
            return new Options(
                    bootstrapServers,
                    "instances",
                    "label-requests",
                    "labels",
                    Duration.ofMillis(500),
                    Duration.ofSeconds(3),
                    0,
                    0,
                    1,
                    1_000_000);
        }

        /** These options, remembering the ground truth of at most {@code n} instances. */
        public Options withMaxTruths(int n) {
            return new Options(
                    bootstrapServers,
                    instancesTopic,
                    requestsTopic,
                    labelsTopic,
                    minDelay,
                    maxDelay,
                    noise,
                    noAnswer,
                    seed,
                    n);
        }

        /** These options with other topics. */
        public Options withTopics(String instances, String requests, String labels) {
            return new Options(
                    bootstrapServers,
                    instances,
                    requests,
                    labels,
                    minDelay,
                    maxDelay,
                    noise,
                    noAnswer,
                    seed,
                    maxTruths);
        }
    }

    /**
     * What the labeller did.
     *
     * @param requests label requests read
     * @param answered answers sent
     * @param noisy answers sent with a wrong class
     * @param silent requests left unanswered on purpose (the no-answer rate)
     * @param withoutTruth requests still waiting for their instance's ground truth at the end
     */
    public record Stats(long requests, long answered, long noisy, long silent, long withoutTruth) {}

    private record Due(long at, long order, String stream, String id, String y) {}

    private record Asked(String[] classes) {}

    private final Options options;
    private final ClientProperties kafka;
    private final SplittableRandom random;
    private final LongSupplier clock;
    private final LinkedHashMap<String, String> truths = new LinkedHashMap<>();
    private final Map<String, Asked> waitingForTruth = new LinkedHashMap<>();
    private final PriorityQueue<Due> due =
            new PriorityQueue<>(
                    (a, b) ->
                            a.at != b.at
                                    ? Long.compare(a.at, b.at)
                                    : Long.compare(a.order, b.order));
    private long order;
    // written by the labeller's thread only; volatile so that another thread may watch them
    private volatile long requests;
    private volatile long answered;
    private volatile long noisy;
    private volatile long silent;
    private volatile int withoutTruth;
    private KafkaProducer<byte[], byte[]> producer;

    /** A labeller on the wall clock. */
    public Labeller(Options options) {
        this(options, System::currentTimeMillis);
    }

    /** A labeller with the cluster's client properties (security, tuning). */
    public Labeller(Options options, ClientProperties kafka) {
        this(options, System::currentTimeMillis, kafka);
    }

    /** A labeller on the given clock (ms), e.g. for tests. */
    public Labeller(Options options, LongSupplier clock) {
        this(options, clock, ClientProperties.NONE);
    }

    private Labeller(Options options, LongSupplier clock, ClientProperties kafka) {
        this.options = options;
        this.kafka = kafka;
        this.random = new SplittableRandom(options.seed());
        this.clock = clock;
    }

    /** An instance record: its ground truth, if it carries one, is remembered. */
    public void onInstance(byte[] value) {
        ObjectNode o;
        try {
            o = Json.readObject(value);
        } catch (BadRecordException e) {
            return; // the job dead-letters it; the labeller has nothing to learn from it
        }
        JsonNode stream = o.get("stream");
        JsonNode id = o.get("id");
        JsonNode y = o.get("y");
        if (stream == null || id == null || y == null || y.isNull()) {
            return;
        }
        String key = key(stream.asText(), id.asText());
        truths.remove(key);
        truths.put(key, y.asText());
        if (truths.size() > options.maxTruths()) {
            Iterator<String> oldest = truths.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Asked asked = waitingForTruth.remove(key);
        withoutTruth = waitingForTruth.size();
        if (asked != null) {
            schedule(stream.asText(), id.asText(), asked.classes());
        }
    }

    /** A label request: its answer is scheduled (or the request waits for its ground truth). */
    public void onRequest(byte[] value) {
        ObjectNode o;
        try {
            o = Json.readObject(value);
        } catch (BadRecordException e) {
            return;
        }
        requests++;
        String stream = o.path("stream").asText();
        String id = o.path("id").asText();
        List<String> classes = new ArrayList<>();
        o.path("proba").fieldNames().forEachRemaining(classes::add);
        if (random.nextDouble() < options.noAnswer()) {
            silent++;
            return;
        }
        String[] c = classes.toArray(String[]::new);
        if (truths.containsKey(key(stream, id))) {
            schedule(stream, id, c);
        } else {
            waitingForTruth.put(key(stream, id), new Asked(c));
            withoutTruth = waitingForTruth.size();
        }
    }

    private void schedule(String stream, String id, String[] classes) {
        String y = truths.get(key(stream, id));
        if (classes.length > 1 && random.nextDouble() < options.noise()) {
            String wrong = y;
            while (wrong.equals(y)) {
                wrong = classes[random.nextInt(classes.length)];
            }
            y = wrong;
            noisy++;
        }
        long min = options.minDelay().toMillis();
        long max = options.maxDelay().toMillis();
        long delay = max == min ? min : min + random.nextLong(max - min + 1);
        due.add(new Due(clock.getAsLong() + delay, order++, stream, id, y));
    }

    /** The answers due now, as label records keyed by stream, removed from the schedule. */
    public List<ProducerRecord<byte[], byte[]>> due() {
        long now = clock.getAsLong();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        while (!due.isEmpty() && due.peek().at() <= now) {
            Due d = due.poll();
            answered++;
            out.add(
                    new ProducerRecord<>(
                            options.labelsTopic(),
                            d.stream().getBytes(StandardCharsets.UTF_8),
                            RecordJson.label(d.stream(), d.id(), d.y())));
        }
        return out;
    }

    /** Answers scheduled and not yet sent. */
    public int scheduled() {
        return due.size();
    }

    public Stats stats() {
        return new Stats(requests, answered, noisy, silent, withoutTruth);
    }

    /**
     * Reads both topics from their beginning (committed records only) and answers until {@code
     * stop} says so; then sends what is due and returns the figures.
     */
    public Stats run(BooleanSupplier stop) {
        producer = producer(options.bootstrapServers(), kafka);
        try (KafkaConsumer<byte[], byte[]> consumer =
                TopicReader.consumer(options.bootstrapServers(), kafka, true)) {
            List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(options.instancesTopic(), options.requestsTopic())) {
                consumer.partitionsFor(t, Duration.ofSeconds(30))
                        .forEach(
                                p ->
                                        parts.add(
                                                new org.apache.kafka.common.TopicPartition(
                                                        t, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (!stop.getAsBoolean()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.topic().equals(options.instancesTopic())) {
                        onInstance(r.value());
                    } else {
                        onRequest(r.value());
                    }
                }
                for (var record : due()) {
                    producer.send(record);
                }
            }
            producer.flush();
        }
        return stats();
    }

    private static KafkaProducer<byte[], byte[]> producer(
            String bootstrapServers, ClientProperties kafka) {
        Properties p = kafka.withBootstrap(bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // one request in flight: a batch retried after a broker restart cannot arrive behind
        // later ones and be refused as out of order (seen in the active soak with 5 in flight)
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(p);
    }

    private static String key(String stream, String id) {
        return stream + "\u0000" + id;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
