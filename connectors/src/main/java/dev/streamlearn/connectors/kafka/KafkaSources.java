package dev.streamlearn.connectors.kafka;

import dev.streamlearn.connectors.records.RawRecord;
import java.util.Objects;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Kafka sources of raw records, to be parsed by {@link ParseFunction}.
 *
 * <pre>{@code
 * KafkaSource<RawRecord> src = KafkaSources.raw("localhost:9092", "driftmoe", "instances");
 * env.fromSource(src, WatermarkStrategy.noWatermarks(), "instances");
 * }</pre>
 */
public final class KafkaSources {

    /** Where a job starts reading when it has no checkpoint to restore from. */
    public enum StartFrom {
        /** The group's committed offsets, else the earliest. */
        COMMITTED,
        /** The beginning of each partition. */
        EARLIEST,
        /** Only records produced after the job started. */
        LATEST
    }

    private KafkaSources() {}

    /** A raw source that starts from committed offsets, else the earliest. */
    public static KafkaSource<RawRecord> raw(
            String bootstrapServers, String groupId, String topic) {
        return raw(bootstrapServers, groupId, StartFrom.COMMITTED, topic);
    }

    public static KafkaSource<RawRecord> raw(
            String bootstrapServers, String groupId, StartFrom start, String... topics) {
        return rawBuilder(bootstrapServers, groupId, start, topics).build();
    }

    /**
     * The builder behind {@link #raw}, for settings it does not cover (e.g. {@code
     * setBounded(OffsetsInitializer.latest())} to read a topic up to its current end).
     */
    // The connector's committedOffsets(...) still takes Kafka's deprecated OffsetResetStrategy.
    @SuppressWarnings("deprecation")
    public static KafkaSourceBuilder<RawRecord> rawBuilder(
            String bootstrapServers, String groupId, StartFrom start, String... topics) {
        requireText(bootstrapServers, "bootstrap servers", "e.g. localhost:9092");
        requireText(groupId, "consumer group id", "e.g. the job name");
        if (topics.length == 0) {
            throw new IllegalArgumentException("a Kafka source needs at least one topic");
        }
        for (String t : topics) {
            requireText(t, "topic", "e.g. instances");
        }
        OffsetsInitializer offsets =
                switch (Objects.requireNonNull(start, "start")) {
                    case COMMITTED ->
                            OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case LATEST -> OffsetsInitializer.latest();
                };
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setGroupId(groupId)
                .setTopics(topics)
                .setStartingOffsets(offsets)
                .setDeserializer(new RawRecordDeserializer())
                // Read only what producers committed: an exactly-once upstream stays exactly-once.
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "10000");
    }

    /** Fails with "the WHAT is not set; set it, EXAMPLE" when {@code value} is null or blank. */
    public static void requireText(String value, String what, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    String.format("the %s is not set; set it, %s", what, example));
        }
    }
}
