package dev.streamlearn.operators.active;

/**
 * Fixed Uncertainty (Zliobaite et al. 2014, MOA's {@code FixedUncertainty}): asks iff the top class
 * probability P is below a fixed threshold u. Once the classifier is confident everywhere it stops
 * asking, and may never learn again: MOA's reference run stalls after 3 labels.
 *
 * <pre>{@code
 * new FixedUncertainty(0.9).score(new double[] {0.8, 0.2}).wanted();   // true
 * }</pre>
 */
public final class FixedUncertainty implements QueryStrategy {
    private final double threshold;

    public FixedUncertainty(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public Score score(double[] proba) {
        double p = QueryStrategy.topProbability(proba);
        return new Score(1 - p, p < threshold, false);
    }

    /** The fixed threshold u. */
    double threshold() {
        return threshold;
    }
}
