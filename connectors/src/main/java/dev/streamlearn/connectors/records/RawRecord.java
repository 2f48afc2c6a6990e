package dev.streamlearn.connectors.records;

/**
 * A Kafka record exactly as it arrived, with where it came from; parsing happens later so that a
 * bad record can go to the dead-letter topic instead of failing the source.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param timestamp the Kafka record timestamp (ms)
 * @param value the raw value bytes; empty for a record with a null value (a tombstone)
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {

    /** Where this record came from, as {@code topic/partition@offset}. */
    public String origin() {
        return topic + "/" + partition + "@" + offset;
    }
}
