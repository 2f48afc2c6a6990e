package dev.streamlearn.operators.active;

/**
 * Where to ask: how informative an instance is, given the classifier's class probabilities. A
 * strategy scores every instance; a {@link BudgetManager} decides when the budget lets a score
 * become a label request, so that any strategy combines with any manager. Strategies that adapt (a
 * variable threshold) learn the outcome in {@link #update}.
 *
 * <pre>{@code
 * QueryStrategy s = QueryStrategy.create(StrategyConfig.of(StrategyConfig.Kind.SELECTIVE_SAMPLING), 0.1, 7);
 * QueryStrategy.Score score = s.score(new double[] {0.55, 0.45});
 * boolean ask = budgetManager.decide(score.utility(), score.wanted());
 * s.update(score, ask);
 * }</pre>
 */
public interface QueryStrategy {

    /**
     * One instance's score.
     *
     * @param utility how informative the instance is, higher is more, in [0, 1]: what a
     *     quantile-filter budget manager ranks
     * @param wanted whether the strategy's own rule asks for the label (what a gating budget
     *     manager follows while budget is left)
     * @param adjustsThreshold whether {@link #update} moves an adaptive threshold for this instance
     *     (false for the random share of Split)
     */
    record Score(double utility, boolean wanted, boolean adjustsThreshold) {}

    /**
     * Scores one instance from the probabilities of its classes (at least two values that sum to
     * 1). May draw random numbers; moves no threshold.
     */
    Score score(double[] proba);

    /**
     * The decision about an instance this strategy scored, told only when the budget let the
     * strategy decide (MOA's convention: thresholds stand still while the budget is spent).
     */
    default void update(Score score, boolean queried) {}

    /**
     * A fresh strategy.
     *
     * @param budget the share of instances that may be labelled (Random, Selective Sampling and
     *     Split's random share use it in their rule)
     * @param seed seeds the strategy's own generator
     */
    static QueryStrategy create(StrategyConfig config, double budget, long seed) {
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException(
                    "budget must be a share of instances in (0, 1], got " + budget);
        }
        return switch (config.kind()) {
            case RANDOM -> new RandomSampling(budget, seed);
            case FIXED_UNCERTAINTY -> new FixedUncertainty(config.fixedThreshold());
            case VARIABLE_UNCERTAINTY -> new VariableUncertainty(config.step());
            case RANDOMIZED_VARIABLE_UNCERTAINTY ->
                    new RandomizedVariableUncertainty(config.step(), config.randomisation(), seed);
            case SELECTIVE_SAMPLING -> new SelectiveSampling(budget, seed);
            case SPLIT -> new SplitSampling(config.step(), config.splitShare(), budget, seed);
            case ENTROPY -> new EntropySampling(config.entropyDiscount(), seed);
        };
    }

    /** The largest probability (Zliobaite et al.'s P). */
    static double topProbability(double[] proba) {
        double max = 0;
        for (double p : proba) {
            max = Math.max(max, p);
        }
        return max;
    }

    /**
     * The entropy of the classes with a positive probability, divided by its largest value (the log
     * of their count): 0 for a certain prediction, 1 for a uniform one (River's EntropySampler).
     */
    static double normalisedEntropy(double[] proba) {
        double h = 0;
        int positive = 0;
        for (double p : proba) {
            if (p > 0) {
                h -= p * Math.log(p);
                positive++;
            }
        }
        return positive <= 1 ? 0 : Math.min(1, Math.max(0, h / Math.log(positive)));
    }
}
