package dev.streamlearn.jobs.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.connectors.kafka.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka for the frozen cases: topics of one partition that never lose a record to retention (the
 * records carry fixed timestamps years in the past), records produced exactly at the offsets a
 * savepoint expects, and the test of whether a job has caught up with its input.
 */
final class KafkaFeed {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaFeed() {}

    /** One partition each, no time or size retention. */
    static void createTopics(EmbeddedKafka kafka, Collection<String> topics) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            List<NewTopic> fresh = new ArrayList<>();
            for (String t : topics) {
                fresh.add(
                        new NewTopic(t, 1, (short) 1)
                                .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")));
            }
            admin.createTopics(fresh).all().get();
        }
        // returns once every partition has a leader
        kafka.createTopics(1, topics);
    }

    /**
     * Produces the records in order, each with its key and timestamp, to partition 0, and returns
     * once all are acknowledged, with the offset of the last record of each topic. Idempotent, one
     * request in flight: no duplicate, no reordering.
     */
    static Map<String, Long> produce(String bootstrapServers, List<InputRecord> records)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (InputRecord r : records) {
                sent.add(
                        producer.send(
                                new ProducerRecord<>(
                                        r.topic(),
                                        0,
                                        r.timestamp(),
                                        r.key().getBytes(StandardCharsets.UTF_8),
                                        r.value())));
            }
            producer.flush();
            Map<String, Long> last = new HashMap<>();
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get();
                last.merge(m.topic(), m.offset(), Math::max);
            }
            return last;
        }
    }

    /**
     * The records of partition 0 of {@code topic} from offset {@code from} to its last stable
     * offset, as a {@code read_committed} consumer sees them. The partition is assigned by name
     * rather than looked up: a metadata lookup that comes back empty would read nothing and say
     * nothing.
     */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(
            String bootstrapServers, String topic, long from) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                TopicReader.consumer(bootstrapServers, true)) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "topic " + topic + " was not read to offset " + end + " in " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            return out;
        }
    }

    /** The end offset (high watermark) of partition 0 of each topic. */
    static Map<String, Long> endOffsets(String bootstrapServers, Collection<String> topics)
            throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            Map<String, Long> out = new HashMap<>();
            offsets(admin, topics, IsolationLevel.READ_UNCOMMITTED)
                    .forEach((tp, offset) -> out.put(tp.topic(), offset));
            return out;
        }
    }

    /**
     * Whether the job has caught up with a phase whose last record on each topic is a bad one at
     * {@code lastOffsets}: the dead letter of each of those is committed, and no output topic has
     * an open transaction. The job runs with parallelism 1 and aligned checkpoints, so the
     * checkpoint that committed such a dead letter had every record before it in its topic
     * processed by every operator; what they led to is in that checkpoint's transactions or earlier
     * ones, all committed once the last stable offset of every output topic is its end.
     *
     * <p>(The job's consumer-group offsets would say the same, but the Kafka source commits them up
     * to 10 s after the checkpoint on a topic that went quiet: the commit waits for the split
     * reader's poll, which has a 10 s timeout.)
     */
    static boolean caughtUp(
            String bootstrapServers,
            Admin admin,
            String deadLetters,
            Map<String, Long> lastOffsets,
            Collection<String> outputs)
            throws ExecutionException, InterruptedException {
        Set<String> marked = new HashSet<>();
        for (var r : readCommitted(bootstrapServers, deadLetters, 0)) {
            JsonNode d = OutputRecord.of(r).value();
            marked.add(d.path("topic").asText() + "@" + d.path("offset").asLong());
        }
        for (var last : lastOffsets.entrySet()) {
            if (!marked.contains(last.getKey() + "@" + last.getValue())) {
                return false;
            }
        }
        return offsets(admin, outputs, IsolationLevel.READ_COMMITTED)
                .equals(offsets(admin, outputs, IsolationLevel.READ_UNCOMMITTED));
    }

    private static Map<TopicPartition, Long> offsets(
            Admin admin, Collection<String> topics, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (String t : topics) {
            ask.put(new TopicPartition(t, 0), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(ask, new ListOffsetsOptions(isolation))
                .all()
                .get()
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
