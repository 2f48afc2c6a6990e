package dev.streamlearn.operators.active;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Which query strategy an {@link ActiveLearner} uses and its parameters, with the defaults of MOA's
 * {@code ALUncertainty} (Zliobaite et al. 2014), scikit-activeml's Split and River's {@code
 * EntropySampler}.
 *
 * <pre>{@code
 * StrategyConfig s = StrategyConfig.of(StrategyConfig.Kind.VARIABLE_UNCERTAINTY).withStep(0.02);
 * StrategyConfig e = StrategyConfig.of(StrategyConfig.Kind.fromName("entropy"));
 * }</pre>
 *
 * @param kind the rule
 * @param fixedThreshold Fixed Uncertainty asks while the top probability is below this (MOA's
 *     {@code -u}, 0.9)
 * @param step the variable threshold's relative step (MOA's {@code -s}, 0.01)
 * @param randomisation standard deviation of the factor {@code eta ~ N(1, randomisation)} that
 *     divides the top probability in Randomized Variable Uncertainty (1, as MOA)
 * @param splitShare the share of instances Split treats as Random (scikit-activeml's {@code v},
 *     0.1)
 * @param entropyDiscount River's {@code discount_factor}: Entropy asks with probability {@code
 *     H^discount} (3)
 */
public record StrategyConfig(
        Kind kind,
        double fixedThreshold,
        double step,
        double randomisation,
        double splitShare,
        double entropyDiscount)
        implements Serializable {

    /** The strategies, with the names the command line uses. */
    public enum Kind implements CliNamed {
        /** Asks with probability b, whatever the classifier says (MOA's {@code ALRandom}). */
        RANDOM("random"),
        /** Asks while the top probability is below a fixed threshold. */
        FIXED_UNCERTAINTY("fixed"),
        /** Asks below a threshold that falls after each question and rises otherwise. */
        VARIABLE_UNCERTAINTY("variable"),
        /** Variable Uncertainty with the top probability divided by a random factor. */
        RANDOMIZED_VARIABLE_UNCERTAINTY("randvar"),
        /** Asks with probability b / (b + |P - 1/C|) (Cesa-Bianchi et al. 2006). */
        SELECTIVE_SAMPLING("selsampling"),
        /** A random share asks at rate b; the rest follows Variable Uncertainty. */
        SPLIT("split"),
        /** Asks with probability H^d, H the normalised entropy (River's EntropySampler). */
        ENTROPY("entropy");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        /** The short name: random, fixed, variable, randvar, selsampling, split, entropy. */
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
            return CliNamed.find(values(), name, "query strategy");
        }
    }

    public StrategyConfig {
        if (kind == null) {
            throw new IllegalArgumentException(
                    "the strategy kind is missing; choose one of "
                            + Arrays.toString(Kind.values()));
        }
        if (!(fixedThreshold > 0 && fixedThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "fixed threshold must be in (0, 1] (a top class probability), got "
                            + fixedThreshold);
        }
        if (!(step > 0 && step < 1)) {
            throw new IllegalArgumentException(
                    "threshold step must be in (0, 1) (0.01 moves the threshold by 1%), got "
                            + step);
        }
        if (!(randomisation >= 0 && Double.isFinite(randomisation))) {
            throw new IllegalArgumentException(
                    "randomisation must be a finite standard deviation >= 0 (MOA uses 1), got "
                            + randomisation);
        }
        if (!(splitShare >= 0 && splitShare <= 1)) {
            throw new IllegalArgumentException(
                    "split share must be in [0, 1] (0.1 treats 10% of instances as random), got "
                            + splitShare);
        }
        if (!(entropyDiscount >= 0 && Double.isFinite(entropyDiscount))) {
            throw new IllegalArgumentException(
                    "entropy discount must be finite and >= 0 (River's default is 3), got "
                            + entropyDiscount);
        }
    }

    /** The kind with the default parameters: u = 0.9, s = 0.01, sd 1, v = 0.1, d = 3. */
    public static StrategyConfig of(Kind kind) {
        return new StrategyConfig(kind, 0.9, 0.01, 1.0, 0.1, 3.0);
    }

    public StrategyConfig withFixedThreshold(double u) {
        return new StrategyConfig(kind, u, step, randomisation, splitShare, entropyDiscount);
    }

    public StrategyConfig withStep(double s) {
        return new StrategyConfig(
                kind, fixedThreshold, s, randomisation, splitShare, entropyDiscount);
    }

    public StrategyConfig withRandomisation(double sd) {
        return new StrategyConfig(kind, fixedThreshold, step, sd, splitShare, entropyDiscount);
    }

    public StrategyConfig withSplitShare(double v) {
        return new StrategyConfig(kind, fixedThreshold, step, randomisation, v, entropyDiscount);
    }

    public StrategyConfig withEntropyDiscount(double d) {
        return new StrategyConfig(kind, fixedThreshold, step, randomisation, splitShare, d);
    }
}
