package dev.streamlearn.operators.active;

import java.io.Serializable;

/**
 * An {@link ActiveLearner}'s configuration: a query strategy, a budget manager and the seed of the
 * strategy's generator.
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
 */
public record ActiveLearningConfig(StrategyConfig strategy, BudgetConfig budget, long seed)
        implements Serializable {

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
    }

    /** Variable Uncertainty under MOA's cumulative budget of 0.1, seed 1. */
    public static ActiveLearningConfig defaults() {
        return new ActiveLearningConfig(
                StrategyConfig.of(StrategyConfig.Kind.VARIABLE_UNCERTAINTY),
                BudgetConfig.of(BudgetConfig.Kind.CUMULATIVE, 0.1),
                1);
    }

    /** A kind of strategy with its defaults under a kind of manager at budget {@code b}. */
    public static ActiveLearningConfig of(
            StrategyConfig.Kind strategy, BudgetConfig.Kind manager, double b, long seed) {
        return new ActiveLearningConfig(
                StrategyConfig.of(strategy), BudgetConfig.of(manager, b), seed);
    }

    public ActiveLearningConfig withStrategy(StrategyConfig s) {
        return new ActiveLearningConfig(s, budget, seed);
    }

    public ActiveLearningConfig withBudget(BudgetConfig b) {
        return new ActiveLearningConfig(strategy, b, seed);
    }

    public ActiveLearningConfig withSeed(long s) {
        return new ActiveLearningConfig(strategy, budget, s);
    }
}
