package dev.streamlearn.operators.active;

/**
 * Variable Uncertainty (Zliobaite et al. 2014, MOA's {@code VarUncertainty}): asks iff the top
 * class probability P is below a threshold theta (initially 1) that falls by a factor (1 - s) after
 * each question and rises by (1 + s) otherwise, so the strategy keeps asking about the least
 * certain instances of the moment however confident the classifier becomes.
 *
 * <pre>{@code
 * VariableUncertainty v = new VariableUncertainty(0.01);
 * QueryStrategy.Score s = v.score(new double[] {0.7, 0.3});   // wanted: 0.7 < 1
 * v.update(s, true);                                          // theta = 0.99
 * }</pre>
 */
public final class VariableUncertainty implements QueryStrategy {
    private final VariableThreshold threshold;

    public VariableUncertainty(double step) {
        this.threshold = new VariableThreshold(step);
    }

    /** The current threshold theta. */
    public double threshold() {
        return threshold.theta();
    }

    @Override
    public Score score(double[] proba) {
        double p = QueryStrategy.topProbability(proba);
        return new Score(1 - p, p < threshold.theta(), true);
    }

    @Override
    public void update(Score score, boolean queried) {
        threshold.update(queried);
    }

    /** The adaptive threshold, for {@link VariableUncertaintyCodec}. */
    VariableThreshold variableThreshold() {
        return threshold;
    }
}
