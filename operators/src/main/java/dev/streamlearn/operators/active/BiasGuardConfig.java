package dev.streamlearn.operators.active;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What keeps an {@link ActiveLearner} from learning only from the labels its strategy asked for. An
 * uncertainty strategy asks about the instances near the model's current boundary; at a low budget
 * those are all the learner sees, so when the concept moves elsewhere neither the model nor a drift
 * detector fed by those labels (their error is near chance whatever the model is worth) notices,
 * and the model can end below its own majority class.
 *
 * <p>{@link Kind#MOA} is MOA's {@code ALUncertainty}: no guard. {@link Kind#SHARE} decides a random
 * share of the instances by Random's rule (asked with probability b, charged to the same budget),
 * so that the learner also learns an unbiased sample. {@link Kind#SHARE_DDM} (the operator's
 * default) in addition feeds the errors on that share alone to a drift detector ({@link
 * ErrorRateDetector}, DDM) that resets the classifier when they rise.
 *
 * <p>At low budgets a share of 0.2 brings too few unbiased labels: at b = 0.01 its detector needs
 * 15,000 instances to see the 30 errors it waits for, and the model learns 2 unbiased labels per
 * 1,000 instances. So the share grows as the budget falls, to ask at least {@code minRate} labels
 * per instance ({@link #DEFAULT_MIN_RATE}: 4 per 1,000), up to half of the instances: {@link
 * #shareAt}(b) = max(share, min(0.5, minRate / b)). With the defaults that is 0.2 from b = 0.02 up,
 * 0.4 at b = 0.01.
 *
 * <pre>{@code
 * BiasGuardConfig g = BiasGuardConfig.of(BiasGuardConfig.Kind.SHARE_DDM);   // 0.2, or more below b = 0.02
 * BiasGuardConfig fixed = new BiasGuardConfig(BiasGuardConfig.Kind.SHARE, 0.3);   // 0.3 at any b
 * BiasGuardConfig moa = BiasGuardConfig.none();
 * }</pre>
 *
 * @param kind which guard
 * @param share the share of instances decided by Random's rule (ignored by {@link Kind#MOA}), at
 *     least
 * @param minRate labels per instance the share asks at least, by growing up to {@link
 *     #MAX_GROWN_SHARE} at low budgets; 0 keeps the share fixed
 */
public record BiasGuardConfig(Kind kind, double share, double minRate) implements Serializable {

    /** The default share of instances decided at random. */
    public static final double DEFAULT_SHARE = 0.2;

    /** The default of the labels per instance the share asks at least: 4 per 1,000. */
    public static final double DEFAULT_MIN_RATE = 0.004;

    /** The most the share grows to at low budgets: half of the instances. */
    public static final double MAX_GROWN_SHARE = 0.5;

    /** The guards, with the names the command line uses. */
    public enum Kind implements CliNamed {
        /** No guard: the learner sees only what the strategy asked for, as MOA's. */
        MOA("moa"),
        /** A random share of instances is decided by Random's rule. */
        SHARE("share"),
        /** The random share, and a drift detector on its labels alone that resets the model. */
        SHARE_DDM("share-ddm");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        /** The short name: moa, share, share-ddm. */
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
            return CliNamed.find(values(), name, "bias guard");
        }
    }

    public BiasGuardConfig {
        if (kind == null) {
            throw new IllegalArgumentException(
                    "the bias guard kind is missing; choose one of "
                            + Arrays.toString(Kind.values()));
        }
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException(
                    "the random share must be a share of instances in [0, 1), got " + share);
        }
        if (!(minRate >= 0 && minRate < 1)) {
            throw new IllegalArgumentException(
                    "the share's least rate must be labels per instance in [0, 1) (0: a fixed"
                            + " share), e.g. "
                            + DEFAULT_MIN_RATE
                            + ", got "
                            + minRate);
        }
    }

    /** A share that stays as given at every budget. */
    public BiasGuardConfig(Kind kind, double share) {
        this(kind, share, 0);
    }

    /** MOA's behaviour: no guard. */
    public static BiasGuardConfig none() {
        return new BiasGuardConfig(Kind.MOA, DEFAULT_SHARE, DEFAULT_MIN_RATE);
    }

    /** A guard with the default share, grown at low budgets. */
    public static BiasGuardConfig of(Kind kind) {
        return new BiasGuardConfig(kind, DEFAULT_SHARE, DEFAULT_MIN_RATE);
    }

    public BiasGuardConfig withShare(double s) {
        return new BiasGuardConfig(kind, s, minRate);
    }

    public BiasGuardConfig withMinRate(double r) {
        return new BiasGuardConfig(kind, share, r);
    }

    /**
     * The share of instances decided at random under budget {@code b}: the share, grown to ask at
     * least {@code minRate} labels per instance, up to {@link #MAX_GROWN_SHARE}.
     */
    public double shareAt(double b) {
        if (minRate == 0 || share == 0) {
            return share;
        }
        return Math.max(share, Math.min(MAX_GROWN_SHARE, minRate / b));
    }

    /** Whether a random share is decided by Random's rule. */
    public boolean drawsShare() {
        return kind != Kind.MOA && share > 0;
    }

    /** Whether the share's labels feed a detector that resets the model. */
    public boolean detects() {
        return kind == Kind.SHARE_DDM && share > 0;
    }
}
