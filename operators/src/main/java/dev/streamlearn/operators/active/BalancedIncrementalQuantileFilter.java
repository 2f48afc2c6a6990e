package dev.streamlearn.operators.active;

import java.util.Arrays;

/**
 * The Balanced Incremental Quantile Filter (Kottke, Krempl and Spiliopoulou 2015, as
 * scikit-activeml's {@code BalancedIncrementalQuantileFilter}): keeps the utilities of the last w
 * instances, takes their (1 - b) quantile theta (linear interpolation) and lowers or raises it by
 * the labels owed, {@code theta_bal = theta - range * (b * seen - queried) / w_tol} with range the
 * window's max minus min; asks iff the instance's utility is at least {@code theta_bal}. The
 * strategy's own rule is ignored: only its ranking of instances counts, and the spending stays
 * within a few labels of b times the instances seen. When every utility in the window is equal the
 * range counts as {@value #MIN_RANGE}, so the balance still decides.
 *
 * <pre>{@code
 * BudgetManager biqf = new BalancedIncrementalQuantileFilter(0.1, 100, 50);
 * }</pre>
 */
public final class BalancedIncrementalQuantileFilter implements BudgetManager {
    /** The smallest range the balancing term uses. */
    static final double MIN_RANGE = 1e-9;

    private final double budget;
    private final int toleranceWindow;
    private final double[] ring;
    private final double[] sorted;
    private int size;

    /** Utilities pushed into the ring: the instances seen but the random share's. */
    private long pushed;

    private long seen;
    private long queried;

    public BalancedIncrementalQuantileFilter(double budget, int window, int toleranceWindow) {
        this.budget = budget;
        this.toleranceWindow = toleranceWindow;
        this.ring = new double[window];
        this.sorted = new double[window];
    }

    @Override
    public double budget() {
        return budget;
    }

    @Override
    public boolean allowsQuery() {
        return true;
    }

    /** The balanced threshold the next instance's utility would be compared with. */
    double balancedThreshold() {
        double theta = quantile(1 - budget);
        double range = Math.max(MIN_RANGE, sorted[size - 1] - sorted[0]);
        double owed = budget * seen - queried;
        return theta - range * owed / toleranceWindow;
    }

    @Override
    public boolean decide(double utility, boolean wanted) {
        if (!Double.isFinite(utility)) {
            throw new IllegalArgumentException(
                    "utility must be finite for the quantile filter, got " + utility);
        }
        push(utility);
        seen++;
        boolean ask = utility >= balancedThreshold();
        if (ask) {
            queried++;
        }
        return ask;
    }

    /** Asked iff wanted (about b of the share), outside the window: the balance absorbs it. */
    @Override
    public boolean decideAtRandom(boolean wanted) {
        seen++;
        if (wanted) {
            queried++;
        }
        return wanted;
    }

    private void push(double utility) {
        int slot = (int) (pushed % ring.length);
        if (size == ring.length) {
            remove(ring[slot]);
        }
        ring[slot] = utility;
        pushed++;
        insert(utility);
    }

    private void insert(double value) {
        int at = Arrays.binarySearch(sorted, 0, size, value);
        if (at < 0) {
            at = -at - 1;
        }
        System.arraycopy(sorted, at, sorted, at + 1, size - at);
        sorted[at] = value;
        size++;
    }

    private void remove(double value) {
        int at = Arrays.binarySearch(sorted, 0, size, value);
        System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
        size--;
    }

    private double quantile(double q) {
        double position = q * (size - 1);
        int lo = (int) Math.floor(position);
        int hi = Math.min(size - 1, lo + 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
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
        return 64 + 16L * ring.length;
    }

    /** The window w of utilities. */
    int window() {
        return ring.length;
    }

    /** The balancing window w_tol. */
    int toleranceWindow() {
        return toleranceWindow;
    }

    /** The utilities in the window, oldest first. */
    double[] utilities() {
        double[] oldestFirst = new double[size];
        for (int i = 0; i < size; i++) {
            oldestFirst[i] = ring[slotOfAge(i)];
        }
        return oldestFirst;
    }

    /**
     * Sets the state of a restored manager: the utilities oldest first (they fill the ring in the
     * same order, so the next ones replace them as they would have) and the counts.
     *
     * @throws IllegalStateException when there are more utilities than the window holds
     */
    void restore(double[] oldestFirst, long seenThen, long queriedThen) {
        if (oldestFirst.length > ring.length) {
            throw new IllegalStateException(
                    "state holds "
                            + oldestFirst.length
                            + " utilities but the quantile filter's window is "
                            + ring.length
                            + "; the budget window changed");
        }
        size = 0;
        pushed = 0;
        for (double u : oldestFirst) {
            push(u);
        }
        seen = seenThen;
        queried = queriedThen;
    }

    /** The ring slot of the i-th oldest utility in the window. */
    private int slotOfAge(int i) {
        return (int) ((pushed - size + i) % ring.length);
    }
}
