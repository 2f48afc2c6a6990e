package dev.streamlearn.operators.active;

/**
 * When to ask: whether the label budget lets an instance that a {@link QueryStrategy} scored become
 * a label request, and the bookkeeping of what was spent. The budget is charged when the request is
 * made, not when the label arrives. Gating managers ({@link CumulativeBudget}, {@link
 * WindowedBudget}) let the strategy's own rule decide while budget is left; the quantile filter
 * ({@link BalancedIncrementalQuantileFilter}) ranks the utilities itself and ignores the rule.
 *
 * <pre>{@code
 * BudgetManager budget = BudgetManager.create(BudgetConfig.of(BudgetConfig.Kind.WINDOWED, 0.1));
 * boolean strategyDecides = budget.allowsQuery();
 * boolean ask = budget.decide(score.utility(), score.wanted());
 * budget.spentRatio();
 * }</pre>
 */
public interface BudgetManager {

    /** The share of instances that may be labelled. */
    double budget();

    /**
     * Whether the strategy's own rule decides the next instance; false means the budget is spent
     * for now: the instance is not asked about and adaptive thresholds stand still.
     */
    boolean allowsQuery();

    /**
     * Decides one instance and charges the budget for it.
     *
     * @param utility the strategy's utility of the instance
     * @param wanted whether the strategy's own rule asks for its label
     * @return whether its label is requested
     */
    boolean decide(double utility, boolean wanted);

    /**
     * Decides an instance of a random share (the bias guard's, see {@link BiasGuardConfig}) and
     * charges the budget for it: asked iff {@code wanted}, whether or not the strategy could ask
     * now, so that the share is asked at its own rate however greedy the strategy (which then waits
     * for budget; the share asks at rate b on a share of the instances, so the long-run spending
     * stays b). A quantile filter keeps it out of its window of utilities, since it was not ranked.
     */
    boolean decideAtRandom(boolean wanted);

    /** Instances decided. */
    long seen();

    /** Labels requested. */
    long queried();

    /** Labels requested per instance decided (0 before any). */
    default double spentRatio() {
        return seen() == 0 ? 0 : (double) queried() / seen();
    }

    /** An estimate of the manager's heap size in bytes. */
    long estimatedBytes();

    /** A fresh manager. */
    static BudgetManager create(BudgetConfig config) {
        return switch (config.kind()) {
            case CUMULATIVE -> new CumulativeBudget(config.budget());
            case WINDOWED -> new WindowedBudget(config.budget(), config.window());
            case BIQF ->
                    new BalancedIncrementalQuantileFilter(
                            config.budget(), config.window(), config.toleranceWindow());
        };
    }
}
