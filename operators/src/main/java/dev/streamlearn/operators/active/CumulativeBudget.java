package dev.streamlearn.operators.active;

/**
 * MOA's budget check (in {@code ALUncertainty}): the strategy decides an instance only while the
 * labels requested so far, divided by the instances seen including this one, are below b. No
 * window: the long-run spending never exceeds b, but a strategy that stopped asking for a while may
 * then ask about many instances in a row.
 *
 * <pre>{@code
 * BudgetManager moa = new CumulativeBudget(0.1);
 * }</pre>
 */
public final class CumulativeBudget implements BudgetManager {
    private final double budget;
    private long seen;
    private long queried;

    public CumulativeBudget(double budget) {
        this.budget = budget;
    }

    @Override
    public double budget() {
        return budget;
    }

    @Override
    public boolean allowsQuery() {
        return (double) queried / (seen + 1) < budget;
    }

    @Override
    public boolean decide(double utility, boolean wanted) {
        boolean ask = wanted && allowsQuery();
        seen++;
        if (ask) {
            queried++;
        }
        return ask;
    }

    /** Charged whether or not the budget allows: the strategy waits until it does again. */
    @Override
    public boolean decideAtRandom(boolean wanted) {
        seen++;
        if (wanted) {
            queried++;
        }
        return wanted;
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public long queried() {
        return queried;
    }

    @Override
    public long estimatedBytes() {
        return 32;
    }

    /** Sets the counts of a restored manager. */
    void restore(long seenThen, long queriedThen) {
        seen = seenThen;
        queried = queriedThen;
    }
}
