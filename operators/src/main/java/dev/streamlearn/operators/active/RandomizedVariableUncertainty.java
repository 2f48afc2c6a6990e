package dev.streamlearn.operators.active;

/**
 * Randomized Variable Uncertainty (Zliobaite et al. 2014) as MOA's {@code RandVarUncertainty}
 * computes it: the top class probability is divided by {@code eta ~ N(1, sd)}, then the {@link
 * VariableUncertainty} rule applies, so that now and then a confident instance is asked about too
 * (drift far from the boundary becomes visible). A negative eta makes the quotient negative: such
 * an instance is always asked about (about 16% of draws for sd = 1); scikit-activeml instead
 * multiplies the threshold by eta and never asks then. The utility is {@code 1 - P/eta} clamped to
 * [0, 1].
 *
 * <pre>{@code
 * QueryStrategy rv = new RandomizedVariableUncertainty(0.01, 1.0, 42);
 * }</pre>
 */
public final class RandomizedVariableUncertainty implements QueryStrategy {
    private final VariableThreshold threshold;
    private final double sd;
    private final Generator random;

    public RandomizedVariableUncertainty(double step, double sd, long seed) {
        this.threshold = new VariableThreshold(step);
        this.sd = sd;
        this.random = new Generator(seed);
    }

    /** The current threshold theta. */
    public double threshold() {
        return threshold.theta();
    }

    @Override
    public Score score(double[] proba) {
        double p = QueryStrategy.topProbability(proba);
        double eta = 1 + sd * random.gaussian();
        double randomised = p / eta;
        double bounded = Double.isNaN(randomised) ? p : Math.min(1, Math.max(0, randomised));
        return new Score(1 - bounded, randomised < threshold.theta(), true);
    }

    @Override
    public void update(Score score, boolean queried) {
        threshold.update(queried);
    }

    /** The adaptive threshold, for {@link RandomizedVariableUncertaintyCodec}. */
    VariableThreshold variableThreshold() {
        return threshold;
    }

    /** The standard deviation of eta. */
    double sd() {
        return sd;
    }

    Generator generator() {
        return random;
    }
}
