package dev.streamlearn.operators.active;

/**
 * Entropy sampling (River's {@code active.EntropySampler}): asks with probability {@code H^d}, H
 * the entropy of the predicted classes normalised to [0, 1] (see {@link
 * QueryStrategy#normalisedEntropy}) and d the discount factor; d = 0 asks about everything. H is
 * the utility. River has no budget: here the budget manager still caps the spending.
 *
 * <pre>{@code
 * QueryStrategy e = new EntropySampling(3, 42);
 * }</pre>
 */
public final class EntropySampling implements QueryStrategy {
    private final double discount;
    private final Generator random;

    public EntropySampling(double discount, long seed) {
        this.discount = discount;
        this.random = new Generator(seed);
    }

    /** The probability of asking: {@code H^d}. */
    public double askProbability(double[] proba) {
        return Math.pow(QueryStrategy.normalisedEntropy(proba), discount);
    }

    @Override
    public Score score(double[] proba) {
        double h = QueryStrategy.normalisedEntropy(proba);
        return new Score(h, random.uniform() < Math.pow(h, discount), false);
    }

    double discount() {
        return discount;
    }

    Generator generator() {
        return random;
    }
}
