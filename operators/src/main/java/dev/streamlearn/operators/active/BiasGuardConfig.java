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
 * <pre>{@code
 * BiasGuardConfig g = BiasGuardConfig.of(BiasGuardConfig.Kind.SHARE_DDM);   // share 0.2
 * BiasGuardConfig moa = BiasGuardConfig.none();
 * }</pre>
 *
 * @param kind which guard
 * @param share the share of instances decided by Random's rule (ignored by {@link Kind#MOA})
 */
public record BiasGuardConfig(Kind kind, double share) implements Serializable {

    /** The default share of instances decided at random. */
    public static final double DEFAULT_SHARE = 0.2;

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
    }

    /** MOA's behaviour: no guard. */
    public static BiasGuardConfig none() {
        return new BiasGuardConfig(Kind.MOA, DEFAULT_SHARE);
    }

    /** A guard with the default share. */
    public static BiasGuardConfig of(Kind kind) {
        return new BiasGuardConfig(kind, DEFAULT_SHARE);
    }

    public BiasGuardConfig withShare(double s) {
        return new BiasGuardConfig(kind, s);
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
