package dev.streamlearn.connectors.records;

/**
 * The figures of the scores of one event-time window, all events together.
 *
 * @param windowStart the window's start (ms, inclusive)
 * @param windowEnd the window's end (ms, exclusive)
 * @param events the events in the window
 * @param scored the events with a predecessor, whose log-likelihood was scored
 * @param nllPerEvent the model's negative log-likelihood per scored event
 * @param truthNllPerEvent the true process's, over the scored events that carry it (NaN: none)
 * @param gapToTruth the model's log-likelihood per event minus the truth's, over the scored events
 *     that carry the truth (NaN: none); at most 0 in expectation, 0 for a perfect model
 * @param rmse the root mean squared error of the predicted gaps (model time unit)
 * @param typeError the share of next types predicted wrong
 * @param minVersion the oldest model version that scored an event of the window
 * @param maxVersion the newest
 */
public record TppMetrics(
        long windowStart,
        long windowEnd,
        long events,
        long scored,
        double nllPerEvent,
        double truthNllPerEvent,
        double gapToTruth,
        double rmse,
        double typeError,
        long minVersion,
        long maxVersion) {}
