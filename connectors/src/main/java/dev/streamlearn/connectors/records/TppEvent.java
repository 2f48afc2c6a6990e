package dev.streamlearn.connectors.records;

/**
 * One event of an entity's sequence: {@code {"entity":"u1","ts":1732600000000,"type":"click"}},
 * optionally with {@code "truth_ll"}, the log-likelihood the true process gives the event (the
 * synthetic Hawkes stream carries it, so that the job can report its gap to the truth).
 *
 * @param entity the entity whose sequence the event extends (the key)
 * @param ts event time, epoch milliseconds, non-decreasing per entity
 * @param type the index of the event's type in the job's declared list
 * @param truthLogLikelihood the true process's log-likelihood of the event given the entity's
 *     history, NaN when the record has none
 * @param partition the source partition, for dead letters (-1 when not from Kafka)
 * @param offset the source offset, for dead letters (-1 when not from Kafka)
 */
public record TppEvent(
        String entity, long ts, int type, double truthLogLikelihood, int partition, long offset) {

    /** An event without a ground truth and without a source position. */
    public static TppEvent of(String entity, long ts, int type) {
        return new TppEvent(entity, ts, type, Double.NaN, -1, -1);
    }

    /** Whether the record carried the true process's log-likelihood. */
    public boolean hasTruth() {
        return !Double.isNaN(truthLogLikelihood);
    }
}
