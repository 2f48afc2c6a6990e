package dev.streamlearn.operators.active;

import java.io.Serializable;

/**
 * An {@link ActiveLearner}'s configuration: a query strategy, a budget manager, the seed of the
 * strategy's generator, the guard against learning from the strategy's labels alone and the
 * latency-aware utility for late labels.
 *
 * <p>{@link #defaults()} (the operator's default) guards with {@link
 * BiasGuardConfig.Kind#SHARE_DDM}; {@link #of} and the three-part constructor keep MOA's behaviour
 * ({@link BiasGuardConfig#none()}), so that a comparison with MOA's {@code ALUncertainty} stays
 * exact.
 *
 * <pre>{@code
 * ActiveLearningConfig c = ActiveLearningConfig.defaults()
 *         .withStrategy(StrategyConfig.of(StrategyConfig.Kind.SPLIT))
 *         .withBudget(BudgetConfig.of(BudgetConfig.Kind.BIQF, 0.05));
 * }</pre>
 *
 * @param strategy where to ask
 * @param budget when the budget lets it ask
 * @param seed seeds the strategy's generator
 * @param guard what else the learner learns from than the strategy's picks ({@link
 *     BiasGuardConfig})
 * @param latencyBandwidth above 0: the strategy's utility is discounted near requests whose answer
 *     is pending ({@link LatencyAwareUtility}, this bandwidth); 0: off, as MOA
 */
public record ActiveLearningConfig(
        StrategyConfig strategy,
        BudgetConfig budget,
        long seed,
        BiasGuardConfig guard,
        double latencyBandwidth)
        implements Serializable {

    /** The latency-aware utility's default bandwidth, in standard deviations per feature. */
    public static final double DEFAULT_LATENCY_BANDWIDTH = 0.25;

    /** MOA's behaviour: no guard, no latency-aware utility. */
    public ActiveLearningConfig(StrategyConfig strategy, BudgetConfig budget, long seed) {
        this(strategy, budget, seed, BiasGuardConfig.none(), 0);
    }

    public ActiveLearningConfig {
        if (strategy == null) {
            throw new IllegalArgumentException(
                    "the query strategy is missing; e.g."
                            + " StrategyConfig.of(StrategyConfig.Kind.VARIABLE_UNCERTAINTY)");
        }
        if (budget == null) {
            throw new IllegalArgumentException(
                    "the budget manager is missing; e.g."
                            + " BudgetConfig.of(BudgetConfig.Kind.CUMULATIVE, 0.1)");
        }
        if (guard == null) {
            throw new IllegalArgumentException(
                    "the bias guard is missing; e.g. BiasGuardConfig.none() for MOA's behaviour");
        }
        if (!(latencyBandwidth >= 0) || Double.isInfinite(latencyBandwidth)) {
            throw new IllegalArgumentException(
                    "the latency-aware bandwidth must be 0 (off) or a positive number of standard"
                            + " deviations, e.g. "
                            + DEFAULT_LATENCY_BANDWIDTH
                            + ", got "
                            + latencyBandwidth);
        }
    }

    /** Variable Uncertainty under MOA's cumulative budget of 0.1, seed 1, as MOA's: no guard. */
    public static ActiveLearningConfig defaults() {
        return new ActiveLearningConfig(
                StrategyConfig.of(StrategyConfig.Kind.VARIABLE_UNCERTAINTY),
                BudgetConfig.of(BudgetConfig.Kind.CUMULATIVE, 0.1),
                1);
    }

    /**
     * The operator's default: {@link #defaults()} guarded by a random share (0.2, more at budgets
     * below 0.02: {@link BiasGuardConfig#shareAt}) whose labels alone feed a drift detector ({@link
     * BiasGuardConfig.Kind#SHARE_DDM}). The share is charged to the same budget; under the
     * cumulative budget it may run a label or two ahead of b * seen for a while, since the strategy
     * cannot take back what it asked.
     */
    public static ActiveLearningConfig guarded() {
        return defaults().withGuard(BiasGuardConfig.of(BiasGuardConfig.Kind.SHARE_DDM));
    }

    /**
     * A kind of strategy with its defaults under a kind of manager at budget {@code b}, as MOA's:
     * no guard ({@link #withGuard} adds one).
     */
    public static ActiveLearningConfig of(
            StrategyConfig.Kind strategy, BudgetConfig.Kind manager, double b, long seed) {
        return new ActiveLearningConfig(
                StrategyConfig.of(strategy), BudgetConfig.of(manager, b), seed);
    }

    public ActiveLearningConfig withStrategy(StrategyConfig s) {
        return new ActiveLearningConfig(s, budget, seed, guard, latencyBandwidth);
    }

    public ActiveLearningConfig withBudget(BudgetConfig b) {
        return new ActiveLearningConfig(strategy, b, seed, guard, latencyBandwidth);
    }

    public ActiveLearningConfig withSeed(long s) {
        return new ActiveLearningConfig(strategy, budget, s, guard, latencyBandwidth);
    }

    public ActiveLearningConfig withGuard(BiasGuardConfig g) {
        return new ActiveLearningConfig(strategy, budget, seed, g, latencyBandwidth);
    }

    /** The latency-aware utility with bandwidth {@code h}; 0 turns it off. */
    public ActiveLearningConfig withLatencyAware(double h) {
        return new ActiveLearningConfig(strategy, budget, seed, guard, h);
    }
}
