package dev.streamlearn.connectors.records;

/**
 * The score of one event by the global point-process model, written as {@code
 * {"entity":"u1","ts":...,"type":"click","ll":-1.42,"event_ll":-0.61,"compensator":0.81,
 * "next_ts":...,"next_type":{"click":0.5,...},"version":3}}; the log-likelihood fields are absent
 * for an entity's first event (it only conditions).
 *
 * @param entity the event's entity
 * @param ts the event's time (ms)
 * @param type the event's type name
 * @param eventLogIntensity {@code log λ_k(t)} of the event's type at its time (NaN: first event)
 * @param compensator the expected number of events between the previous event and this one
 * @param nextTs the expected time of the entity's next event (ms)
 * @param nextTypes the probability of each declared type for the next event
 * @param predictionGapError the error of the gap predicted at the previous event, in the model's
 *     time unit (NaN for a first event)
 * @param predictionTypeCorrect whether the type predicted at the previous event was this event's
 * @param truthLogLikelihood the true process's log-likelihood, NaN when the input had none
 * @param version the model version that scored the event
 */
public record TppScore(
        String entity,
        long ts,
        String type,
        double eventLogIntensity,
        double compensator,
        long nextTs,
        double[] nextTypes,
        double predictionGapError,
        boolean predictionTypeCorrect,
        double truthLogLikelihood,
        long version) {

    /** {@code log λ_k(t) − Λ}: the event's log-likelihood given its history (NaN: first event). */
    public double logLikelihood() {
        return eventLogIntensity - compensator;
    }

    /** Whether the event was scored (it had a predecessor). */
    public boolean scored() {
        return !Double.isNaN(eventLogIntensity);
    }
}
