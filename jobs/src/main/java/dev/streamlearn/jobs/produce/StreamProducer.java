package dev.streamlearn.jobs.produce;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.streams.LabelledStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes labelled streams to a Kafka topic as instance records, at a target rate, optionally with a
 * share of bad records mixed in. Used by {@code streamlearn produce}, the demo and the tests.
 */
public final class StreamProducer implements AutoCloseable {

    /**
     * One stream key fed from one labelled stream, or a run of keys that each live for a few
     * records (keys that come and go, as users or devices do).
     *
     * @param key the {@code stream} field of its records, or the prefix of the keys of a run
     * @param source where its instances come from
     * @param recordsPerKey 0 for one key; n for a new key {@code key-k} every n records
     */
    public record Feed(String key, LabelledStream source, int recordsPerKey) {
        public Feed {
            if (recordsPerKey < 0) {
                throw new IllegalArgumentException(
                        "records per key must be 0 (one key) or more, got " + recordsPerKey);
            }
        }

        public Feed(String key, LabelledStream source) {
            this(key, source, 0);
        }

        /** The stream key of the feed's {@code n}-th record. */
        String keyOf(long n) {
            return recordsPerKey == 0 ? key : key + "-k" + n / recordsPerKey;
        }
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    // written by the producing thread, read by others (the demo's figures)
    private volatile long sent;
    private volatile long bad;
    // the round robin over the feeds, kept so that a run goes on where a skip or run stopped
    private Schedule schedule;

    public StreamProducer(String bootstrapServers, String topic) {
        this(bootstrapServers, ClientProperties.NONE, topic);
    }

    /** A producer to {@code topic} with the cluster's client properties (security, tuning). */
    public StreamProducer(String bootstrapServers, ClientProperties client, String topic) {
        Properties p = client.withBootstrap(bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20));
        // one request in flight: a batch retried after NOT_LEADER_OR_FOLLOWER (a topic created a
        // moment before) cannot then arrive behind later batches and be refused as out of order
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    /**
     * Sends instances round-robin over the feeds until {@code count} records are sent, the feeds
     * run dry, or {@code stop} says so.
     *
     * @param count records to send in all (good and bad); {@code Long.MAX_VALUE} for no limit
     * @param ratePerSecond target rate; 0 or less for as fast as possible
     * @param badEvery send a bad record every this many records; 0 for none
     * @param progress called about once a second with the records sent so far
     */
    public void run(
            List<Feed> feeds,
            long count,
            double ratePerSecond,
            int badEvery,
            BooleanSupplier stop,
            java.util.function.LongConsumer progress) {
        Schedule schedule = schedule(feeds, badEvery);
        long start = System.nanoTime();
        long sentBefore = sent;
        long lastProgress = start;
        while (sent < count && !stop.getAsBoolean()) {
            Slot slot = schedule.next(sent);
            if (slot == null) {
                break;
            }
            byte[] value =
                    slot.bad()
                            ? BadRecords.make(bad++, slot.key(), slot.feed().source().schema())
                            : encode(slot.feed(), slot.key(), slot.id());
            producer.send(
                    new ProducerRecord<>(topic, slot.key().getBytes(StandardCharsets.UTF_8), value),
                    (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
            if (failure.get() != null) {
                break;
            }
            sent++;
            if (ratePerSecond > 0) {
                pace(start, sent - sentBefore, ratePerSecond);
            }
            long now = System.nanoTime();
            if (now - lastProgress > TimeUnit.SECONDS.toNanos(1)) {
                lastProgress = now;
                progress.accept(sent);
            }
        }
        producer.flush();
        progress.accept(sent);
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "Kafka refused a record for topic '"
                            + topic
                            + "': "
                            + failure.get().getMessage(),
                    failure.get());
        }
    }

    /**
     * Goes on after {@code earlier} records that an earlier run of the same feeds sent: their
     * instances are drawn and dropped, so that the next {@link #run} sends what that run would have
     * sent next (the same keys, ids, drift positions and bad-record slots), and {@link #sent()}
     * counts from {@code earlier}.
     */
    public void continueAfter(List<Feed> feeds, long earlier, int badEvery) {
        Schedule schedule = schedule(feeds, badEvery);
        while (sent < earlier) {
            Slot slot = schedule.next(sent);
            if (slot == null) {
                break;
            }
            if (slot.bad()) {
                bad++;
            } else {
                slot.feed().source().next();
            }
            sent++;
        }
    }

    /** The round robin of these feeds: where the last run or skip left it, or a new one. */
    private Schedule schedule(List<Feed> feeds, int badEvery) {
        if (schedule == null || schedule.feeds != feeds || schedule.badEvery != badEvery) {
            schedule = new Schedule(feeds, badEvery);
        }
        return schedule;
    }

    /** The next record of the round robin: its feed, key and id, or a bad record. */
    private record Slot(Feed feed, String key, String id, boolean bad) {}

    /** The round robin over the feeds, with a bad record every {@code badEvery}. */
    private static final class Schedule {
        private final List<Feed> feeds;
        private final List<Feed> live;
        private final long[] perFeed;
        private final int badEvery;
        private int next;

        Schedule(List<Feed> feeds, int badEvery) {
            this.feeds = feeds;
            this.live = new ArrayList<>(feeds);
            this.perFeed = new long[feeds.size()];
            this.badEvery = badEvery;
        }

        /** The slot of record number {@code sent}; null once every feed has run dry. */
        Slot next(long sent) {
            while (!live.isEmpty()) {
                int f = next++ % live.size();
                Feed feed = live.get(f);
                int idx = feeds.indexOf(feed);
                String key = feed.keyOf(perFeed[idx]);
                if (badEvery > 0 && (sent + 1) % badEvery == 0) {
                    return new Slot(feed, key, null, true);
                }
                if (feed.source().hasNext()) {
                    return new Slot(feed, key, feed.key() + "-" + perFeed[idx]++, false);
                }
                live.remove(f);
            }
            return null;
        }
    }

    private static byte[] encode(Feed feed, String key, String id) {
        StreamSchema schema = feed.source().schema();
        LabelledStream.Example e = feed.source().next();
        List<Object> x = new ArrayList<>(e.x().length);
        for (int i = 0; i < e.x().length; i++) {
            var a = schema.attribute(i);
            x.add(a.isNumeric() ? (Object) e.x()[i] : a.values().get((int) e.x()[i]));
        }
        return RecordJson.instance(
                key, id, System.currentTimeMillis(), x, schema.classValues().get(e.y()));
    }

    private void pace(long start, long sentSinceStart, double rate) {
        long due = start + (long) (sentSinceStart * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records sent so far. */
    public long sent() {
        return sent;
    }

    /** Bad records among them. */
    public long bad() {
        return bad;
    }

    @Override
    public void close() {
        producer.close();
    }
}
