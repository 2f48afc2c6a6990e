package dev.streamlearn.operators.tpp;

import java.util.function.DoubleUnaryOperator;

/**
 * How the integral of an intensity over one inter-event interval {@code (0, Δ]} is approximated
 * from its values at {@code G} evenly spaced points {@code Δ·linspace(0, 1, G)}, both ends included
 * (EasyTPP's sample points).
 */
public enum IntegralRule {
    /**
     * {@code Δ} times the mean of the {@code G} values: EasyTPP's default, biased for decaying
     * intensities.
     */
    MEAN_OF_GRID,
    /** The trapezoid rule on the {@code G} points: error {@code O(1/G²)}. */
    TRAPEZOID;

    /**
     * The approximate integral of {@code f} over {@code [0, delta]} from {@code points >= 2}
     * values.
     */
    public double integrate(DoubleUnaryOperator f, double delta, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("an integral needs at least 2 points: " + points);
        }
        double sum = 0;
        for (int g = 0; g < points; g++) {
            double w = this == TRAPEZOID && (g == 0 || g == points - 1) ? 0.5 : 1;
            sum += w * f.applyAsDouble(delta * g / (points - 1));
        }
        return delta * sum / (this == TRAPEZOID ? points - 1 : points);
    }
}
