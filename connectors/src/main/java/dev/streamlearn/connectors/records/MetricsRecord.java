package dev.streamlearn.connectors.records;

/**
 * Periodic prequential (test-then-train) figures of one model.
 *
 * @param stream the stream key the model serves
 * @param model the model family
 * @param ts event time of the last instance counted (ms)
 * @param instances instances seen
 * @param labelled labelled instances seen (the ones evaluated and learned)
 * @param accuracy cumulative prequential accuracy over labelled instances
 * @param windowAccuracy accuracy over the last window of labelled instances
 * @param kappa cumulative Cohen's kappa
 * @param kappaM cumulative kappa-M (against predicting the majority class)
 * @param kappaTemporal cumulative kappa-temporal (against predicting the previous class)
 */
public record MetricsRecord(
        String stream,
        String model,
        long ts,
        long instances,
        long labelled,
        double accuracy,
        double windowAccuracy,
        double kappa,
        double kappaM,
        double kappaTemporal) {}
