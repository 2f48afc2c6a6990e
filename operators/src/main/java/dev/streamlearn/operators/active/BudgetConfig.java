package dev.streamlearn.operators.active;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Which budget manager an {@link ActiveLearner} uses: the share of instances it may label and how
 * the spending is tracked.
 *
 * <pre>{@code
 * BudgetConfig moa = BudgetConfig.of(BudgetConfig.Kind.CUMULATIVE, 0.1);
 * BudgetConfig biqf = BudgetConfig.of(BudgetConfig.Kind.BIQF, 0.05).withWindow(200);
 * }</pre>
 *
 * @param kind the manager
 * @param budget the share of instances that may be labelled, in (0, 1]
 * @param window the windowed estimate's {@code w} and the quantile filter's window of utilities
 *     (100, as scikit-activeml)
 * @param toleranceWindow the quantile filter's balancing window {@code w_tol} (50, as
 *     scikit-activeml)
 */
public record BudgetConfig(Kind kind, double budget, int window, int toleranceWindow)
        implements Serializable {

    /** The managers, with the names the command line uses. */
    public enum Kind implements CliNamed {
        /** MOA's: labels / instances seen must stay below b (no window, exact in the long run). */
        CUMULATIVE("cumulative"),
        /** Zliobaite 2014's estimate u_t = u_{t-1}(w-1)/w + label_t; asks while u_t / w < b. */
        WINDOWED("windowed"),
        /** Kottke et al. 2015's Balanced Incremental Quantile Filter over the utilities. */
        BIQF("biqf");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        /** The short name: cumulative, windowed, biqf. */
        @Override
        public String cliName() {
            return cliName;
        }

        /**
         * The kind of a short name (any case).
         *
         * @throws IllegalArgumentException naming the known names
         */
        public static Kind fromName(String name) {
            return CliNamed.find(values(), name, "budget manager");
        }
    }

    public BudgetConfig {
        if (kind == null) {
            throw new IllegalArgumentException(
                    "the budget manager kind is missing; choose one of "
                            + Arrays.toString(Kind.values()));
        }
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException(
                    "budget must be a share of instances in (0, 1] (0.1 labels one in ten), got "
                            + budget);
        }
        if (window < 1) {
            throw new IllegalArgumentException(
                    "budget window must be at least 1 instance (100 is usual), got " + window);
        }
        if (toleranceWindow < 1) {
            throw new IllegalArgumentException(
                    "tolerance window must be at least 1 instance (50 is usual), got "
                            + toleranceWindow);
        }
    }

    /** The kind at budget {@code budget} with window 100 and tolerance window 50. */
    public static BudgetConfig of(Kind kind, double budget) {
        return new BudgetConfig(kind, budget, 100, 50);
    }

    public BudgetConfig withBudget(double b) {
        return new BudgetConfig(kind, b, window, toleranceWindow);
    }

    public BudgetConfig withWindow(int w) {
        return new BudgetConfig(kind, budget, w, toleranceWindow);
    }

    public BudgetConfig withToleranceWindow(int wTol) {
        return new BudgetConfig(kind, budget, window, wTol);
    }
}
