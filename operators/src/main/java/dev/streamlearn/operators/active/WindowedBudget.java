package dev.streamlearn.operators.active;

/**
 * The spending estimate of Zliobaite et al. 2014 (as scikit-activeml's {@code
 * EstimatedBudgetZliobaite}): {@code u_t = u_{t-1} (w-1)/w + label_t}, an exponentially decaying
 * count of the labels of about the last w instances; the strategy decides while {@code u / w < b}.
 * Spending follows the recent past, so a strategy cannot catch up on a long pause; the estimate
 * crosses b by up to 1/w right after a request, so the long-run ratio sits slightly above b (about
 * {@code 1/(2w)}: choose a larger w for a tighter cap).
 *
 * <pre>{@code
 * BudgetManager b = new WindowedBudget(0.1, 100);
 * }</pre>
 */
public final class WindowedBudget implements BudgetManager {
    private final double budget;
    private final int window;
    private final double decay;
    private double spent;
    private long seen;
    private long queried;

    public WindowedBudget(double budget, int window) {
        this.budget = budget;
        this.window = window;
        this.decay = (window - 1.0) / window;
    }

    @Override
    public double budget() {
        return budget;
    }

    /** The estimate u_t / w of the recent share of instances labelled. */
    public double estimate() {
        return spent / window;
    }

    @Override
    public boolean allowsQuery() {
        return spent / window < budget;
    }

    @Override
    public boolean decide(double utility, boolean wanted) {
        boolean ask = wanted && allowsQuery();
        spent = spent * decay + (ask ? 1 : 0);
        seen++;
        if (ask) {
            queried++;
        }
        return ask;
    }

    /** Charged whether or not the budget allows: the strategy waits until it does again. */
    @Override
    public boolean decideAtRandom(boolean wanted) {
        spent = spent * decay + (wanted ? 1 : 0);
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
        return 48;
    }

    /** The window w. */
    int window() {
        return window;
    }

    /** The decaying count u_t. */
    double spent() {
        return spent;
    }

    /** Sets the state of a restored manager. */
    void restore(double spentThen, long seenThen, long queriedThen) {
        spent = spentThen;
        seen = seenThen;
        queried = queriedThen;
    }
}
