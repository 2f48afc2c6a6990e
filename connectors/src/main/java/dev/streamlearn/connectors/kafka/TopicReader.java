package dev.streamlearn.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic, as it stands, with a plain Kafka consumer: for checking outputs in tests and
 * for the figures of the demo. With {@code committedOnly} it reads as a {@code read_committed}
 * consumer, i.e. it sees exactly what an exactly-once job committed.
 */
public final class TopicReader {
    private TopicReader() {}

    /** How long a topic without partitions in the metadata is looked up again. */
    static final Duration METADATA_WAIT = Duration.ofSeconds(3);

    /** Every record of {@code topic} up to its current end offsets. */
    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(
            String bootstrapServers, String topic, boolean committedOnly, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, committedOnly)) {
            List<TopicPartition> partitions = partitions(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            String.format(
                                    "topic '%s' was not read to its end offsets %s within %s"
                                            + " (an open transaction blocks read_committed readers)",
                                    topic, end, timeout));
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /**
     * The topic's partitions, asked again for up to {@link #METADATA_WAIT} while the broker's
     * metadata has none (a topic created a moment ago reads as missing); a topic that is still
     * missing then has nothing to read.
     */
    private static List<TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> consumer, String topic, Duration timeout) {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        List<TopicPartition> partitions = new ArrayList<>();
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            consumer.partitionsFor(topic, timeout)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while looking up " + topic, e);
                }
            }
        }
        return partitions;
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A byte-array consumer without a group, reading committed or all records. */
    public static KafkaConsumer<byte[], byte[]> consumer(
            String bootstrapServers, boolean committedOnly) {
        return consumer(bootstrapServers, ClientProperties.NONE, committedOnly);
    }

    /** The same, with the cluster's client properties (security, tuning). */
    public static KafkaConsumer<byte[], byte[]> consumer(
            String bootstrapServers, ClientProperties client, boolean committedOnly) {
        Properties p = client.withBootstrap(bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                committedOnly ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p);
    }
}
