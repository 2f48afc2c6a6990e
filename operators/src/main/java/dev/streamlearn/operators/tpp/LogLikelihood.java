package dev.streamlearn.operators.tpp;

/**
 * A log-likelihood summed over scored events, in nats.
 *
 * @param total the sum of the event terms minus the integrals
 * @param events how many events were scored
 */
public record LogLikelihood(double total, long events) {

    public static final LogLikelihood ZERO = new LogLikelihood(0, 0);

    /** The log-likelihood per scored event, as EasyTPP reports it. */
    public double perEvent() {
        return events == 0 ? Double.NaN : total / events;
    }

    public LogLikelihood plus(LogLikelihood other) {
        return new LogLikelihood(total + other.total, events + other.events);
    }
}
