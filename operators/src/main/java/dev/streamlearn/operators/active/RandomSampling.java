package dev.streamlearn.operators.active;

/**
 * Random sampling, the baseline: draws {@code r ~ U(0, 1)} and asks iff {@code r >= 1 - b}, so with
 * probability b whatever the classifier says (MOA's {@code ALRandom} with its {@code FixedBM}). The
 * utility is {@code r}.
 *
 * <pre>{@code
 * QueryStrategy random = new RandomSampling(0.1, 42);
 * }</pre>
 */
public final class RandomSampling implements QueryStrategy {
    private final double budget;
    private final Generator random;

    public RandomSampling(double budget, long seed) {
        this.budget = budget;
        this.random = new Generator(seed);
    }

    @Override
    public Score score(double[] proba) {
        double r = random.uniform();
        return new Score(r, r >= 1 - budget, false);
    }

    double budget() {
        return budget;
    }

    Generator generator() {
        return random;
    }
}
