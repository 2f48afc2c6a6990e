package dev.streamlearn.operators.active;

/**
 * Split (Zliobaite et al. 2014, as scikit-activeml's {@code Split}): a share v of the instances,
 * drawn at random, is treated as Random sampling (asked with probability b, utility {@code 1 - r});
 * the others follow {@link VariableUncertainty}, whose threshold moves only on them. The random
 * share keeps labelling where the classifier is confident, to see drift there.
 *
 * <pre>{@code
 * QueryStrategy split = new SplitSampling(0.01, 0.1, 0.1, 42);
 * }</pre>
 */
public final class SplitSampling implements QueryStrategy {
    private final VariableThreshold threshold;
    private final double share;
    private final double budget;
    private final Generator random;

    public SplitSampling(double step, double share, double budget, long seed) {
        this.threshold = new VariableThreshold(step);
        this.share = share;
        this.budget = budget;
        this.random = new Generator(seed);
    }

    /** The current threshold theta of the variable part. */
    public double threshold() {
        return threshold.theta();
    }

    @Override
    public Score score(double[] proba) {
        if (random.uniform() < share) {
            double r = random.uniform();
            return new Score(1 - r, r < budget, false);
        }
        double p = QueryStrategy.topProbability(proba);
        return new Score(1 - p, p < threshold.theta(), true);
    }

    @Override
    public void update(Score score, boolean queried) {
        if (score.adjustsThreshold()) {
            threshold.update(queried);
        }
    }

    /** The adaptive threshold of the variable part, for {@link SplitSamplingCodec}. */
    VariableThreshold variableThreshold() {
        return threshold;
    }

    /** The share of instances treated as Random. */
    double share() {
        return share;
    }

    double budget() {
        return budget;
    }

    Generator generator() {
        return random;
    }
}
