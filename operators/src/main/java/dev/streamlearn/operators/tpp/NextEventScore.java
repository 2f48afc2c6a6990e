package dev.streamlearn.operators.tpp;

/**
 * How well next events were predicted: the squared error of the predicted gaps and the count of
 * wrong types, over the scored events (EasyTPP's positions: every event after the first).
 */
public record NextEventScore(double squaredError, long typeErrors, long events) {

    public static final NextEventScore ZERO = new NextEventScore(0, 0, 0);

    /** {@code √mean((Δt̂ − Δt)²)}. */
    public double rmse() {
        return Math.sqrt(squaredError / events);
    }

    /** The share of events whose type was predicted wrong. */
    public double typeError() {
        return (double) typeErrors / events;
    }

    public NextEventScore plus(double gapError, boolean typeWrong) {
        return new NextEventScore(
                squaredError + gapError * gapError, typeErrors + (typeWrong ? 1 : 0), events + 1);
    }

    public NextEventScore plus(NextEventScore o) {
        return new NextEventScore(
                squaredError + o.squaredError, typeErrors + o.typeErrors, events + o.events);
    }
}
