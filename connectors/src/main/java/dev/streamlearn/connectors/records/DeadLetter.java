package dev.streamlearn.connectors.records;

/**
 * A record that could not be parsed or validated, kept whole with the reason.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param timestamp the source record's timestamp (ms)
 * @param error what was wrong, in words that say how to fix it
 * @param value the raw value bytes, unchanged
 */
public record DeadLetter(
        String topic, int partition, long offset, long timestamp, String error, byte[] value) {

    public static DeadLetter of(RawRecord raw, String error) {
        return new DeadLetter(
                raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), error, raw.value());
    }
}
