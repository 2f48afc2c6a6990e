package dev.streamlearn.operators.active;

/**
 * Selective Sampling (Cesa-Bianchi, Gentile and Zaniboni 2006, as MOA's {@code SelSampling}): asks
 * with probability {@code b / (b + |P - 1/C|)}, P the top class probability and C the number of
 * classes: always when the classifier cannot tell the classes apart, rarely when it is sure. That
 * probability is the utility.
 *
 * <pre>{@code
 * QueryStrategy s = new SelectiveSampling(0.1, 42);
 * }</pre>
 */
public final class SelectiveSampling implements QueryStrategy {
    private final double budget;
    private final Generator random;

    public SelectiveSampling(double budget, long seed) {
        this.budget = budget;
        this.random = new Generator(seed);
    }

    /** The probability of asking: {@code b / (b + |P - 1/C|)}. */
    public double askProbability(double[] proba) {
        double margin = Math.abs(QueryStrategy.topProbability(proba) - 1.0 / proba.length);
        return budget / (budget + margin);
    }

    @Override
    public Score score(double[] proba) {
        double q = askProbability(proba);
        return new Score(q, random.uniform() < q, false);
    }

    double budget() {
        return budget;
    }

    Generator generator() {
        return random;
    }
}
