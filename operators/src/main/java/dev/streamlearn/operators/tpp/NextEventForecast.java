package dev.streamlearn.operators.tpp;

/**
 * What a point-process model says about the newest event of a history and the one after it.
 *
 * @param eventLogIntensity {@code log λ_k(t_n)} for the newest event's type {@code k}, given the
 *     events before it (NaN for a history of one event)
 * @param compensator the integral of the total intensity over {@code (t_{n−1}, t_n]} (NaN for a
 *     history of one event)
 * @param previousGap the gap to the newest event that the model expected from the events before it
 *     (NaN for a history of one event)
 * @param previousType the newest event's type that the model expected from the events before it (-1
 *     for a history of one event)
 * @param nextGap the expected gap to the next event, {@code E[Δt]}
 * @param nextTypes the probability of each type for the next event
 */
public record NextEventForecast(
        double eventLogIntensity,
        double compensator,
        double previousGap,
        int previousType,
        double nextGap,
        double[] nextTypes) {

    /** The newest event's log-likelihood given the events before it (NaN: nothing before it). */
    public double logLikelihood() {
        return eventLogIntensity - compensator;
    }
}
