package dev.streamlearn.operators.rl;

import java.io.Serializable;

/**
 * The hyperparameters of the stream-x agents, with the reference's defaults (one set for all
 * tasks): alpha 1, gamma 0.99, lambda 0.8, kappa 2 for value networks and 3 for policies, entropy
 * coefficient 0.01, two hidden layers of 32 units (128 for continuous control), epsilon decaying
 * linearly from 1 to 0.01 over 25,000 action selections (5% of the scripts' 500,000 steps).
 *
 * <pre>{@code
 * StreamAgentConfig c = StreamAgentConfig.defaults().withSeed(3).withTimeLimit(500);
 * StreamAgentConfig pendulum = StreamAgentConfig.continuousDefaults().withTimeLimit(200);
 * }</pre>
 *
 * @param alpha ObGD step size, positive
 * @param gamma discount in [0, 1]; also the reward scaler's discount
 * @param lambda trace decay in [0, 1]
 * @param kappaValue ObGD bound factor of value networks, positive
 * @param kappaPolicy ObGD bound factor of policy networks, positive
 * @param entropy entropy coefficient of the actor-critic agents, at least 0
 * @param hidden units per hidden layer, positive
 * @param hiddenLayers number of {@code Linear -> LayerNorm -> LeakyReLU} blocks, at least 1
 * @param epsilonStart first exploration rate of Q and SARSA, in [0, 1]
 * @param epsilonEnd final exploration rate, in [0, epsilonStart]
 * @param explorationSteps action selections over which epsilon decays linearly, positive
 * @param timeLimit the environment's episode limit, for the time feature ({@code -0.5} at reset,
 *     {@code +1/timeLimit} per step); 0 leaves the time feature out
 * @param seed seeds the initial weights and every random choice of the agent
 */
public record StreamAgentConfig(
        double alpha,
        double gamma,
        double lambda,
        double kappaValue,
        double kappaPolicy,
        double entropy,
        int hidden,
        int hiddenLayers,
        double epsilonStart,
        double epsilonEnd,
        long explorationSteps,
        int timeLimit,
        long seed)
        implements Serializable {

    public StreamAgentConfig {
        positive("alpha", alpha);
        unit("gamma", gamma);
        unit("lambda", lambda);
        positive("kappaValue", kappaValue);
        positive("kappaPolicy", kappaPolicy);
        if (!(entropy >= 0)) {
            throw new IllegalArgumentException(
                    "entropy must be at least 0 (reference 0.01), got " + entropy);
        }
        if (hidden < 1 || hiddenLayers < 1) {
            throw new IllegalArgumentException(
                    "hidden units and hidden layers must be positive (reference 32 units, 2"
                            + " layers), got "
                            + hidden
                            + " and "
                            + hiddenLayers);
        }
        unit("epsilonStart", epsilonStart);
        if (!(epsilonEnd >= 0 && epsilonEnd <= epsilonStart)) {
            throw new IllegalArgumentException(
                    "epsilonEnd must be in [0, epsilonStart = "
                            + epsilonStart
                            + "], got "
                            + epsilonEnd);
        }
        if (explorationSteps < 1) {
            throw new IllegalArgumentException(
                    "explorationSteps must be positive (reference 25000), got " + explorationSteps);
        }
        if (timeLimit < 0) {
            throw new IllegalArgumentException(
                    "timeLimit must be the environment's episode limit (e.g. 500 for"
                            + " CartPole-v1), or 0 for no time feature; got "
                            + timeLimit);
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        }
    }

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    /** The reference's classic-control settings, with CartPole-v1's 500-step time feature. */
    public static StreamAgentConfig defaults() {
        return new StreamAgentConfig(
                1.0, 0.99, 0.8, 2.0, 3.0, 0.01, 32, 2, 1.0, 0.01, 25_000, 500, 0);
    }

    /** {@link #defaults()} with the 128-unit networks of continuous control. */
    public static StreamAgentConfig continuousDefaults() {
        return defaults().withHidden(128);
    }

    public StreamAgentConfig withAlpha(double v) {
        return new StreamAgentConfig(
                v,
                gamma,
                lambda,
                kappaValue,
                kappaPolicy,
                entropy,
                hidden,
                hiddenLayers,
                epsilonStart,
                epsilonEnd,
                explorationSteps,
                timeLimit,
                seed);
    }

    public StreamAgentConfig withGamma(double v) {
        return new StreamAgentConfig(
                alpha,
                v,
                lambda,
                kappaValue,
                kappaPolicy,
                entropy,
                hidden,
                hiddenLayers,
                epsilonStart,
                epsilonEnd,
                explorationSteps,
                timeLimit,
                seed);
    }

    public StreamAgentConfig withLambda(double v) {
        return new StreamAgentConfig(
                alpha,
                gamma,
                v,
                kappaValue,
                kappaPolicy,
                entropy,
                hidden,
                hiddenLayers,
                epsilonStart,
                epsilonEnd,
                explorationSteps,
                timeLimit,
                seed);
    }

    public StreamAgentConfig withKappas(double value, double policy) {
        return new StreamAgentConfig(
                alpha,
                gamma,
                lambda,
                value,
                policy,
                entropy,
                hidden,
                hiddenLayers,
                epsilonStart,
                epsilonEnd,
                explorationSteps,
                timeLimit,
                seed);
    }

    public StreamAgentConfig withEntropy(double v) {
        return new StreamAgentConfig(
                alpha,
                gamma,
                lambda,
                kappaValue,
                kappaPolicy,
                v,
                hidden,
                hiddenLayers,
                epsilonStart,
                epsilonEnd,
                explorationSteps,
                timeLimit,
                seed);
    }

    public StreamAgentConfig withHidden(int v) {
        return new StreamAgentConfig(
                alpha,
                gamma,
                lambda,
                kappaValue,
                kappaPolicy,
                entropy,
                v,
                hiddenLayers,
                epsilonStart,
                epsilonEnd,
                explorationSteps,
                timeLimit,
                seed);
    }

    public StreamAgentConfig withHiddenLayers(int v) {
        return new StreamAgentConfig(
                alpha,
                gamma,
                lambda,
                kappaValue,
                kappaPolicy,
                entropy,
                hidden,
                v,
                epsilonStart,
                epsilonEnd,
                explorationSteps,
                timeLimit,
                seed);
    }

    /** Epsilon from {@code start} down to {@code end} over {@code steps} action selections. */
    public StreamAgentConfig withEpsilon(double start, double end, long steps) {
        return new StreamAgentConfig(
                alpha,
                gamma,
                lambda,
                kappaValue,
                kappaPolicy,
                entropy,
                hidden,
                hiddenLayers,
                start,
                end,
                steps,
                timeLimit,
                seed);
    }

    public StreamAgentConfig withTimeLimit(int v) {
        return new StreamAgentConfig(
                alpha,
                gamma,
                lambda,
                kappaValue,
                kappaPolicy,
                entropy,
                hidden,
                hiddenLayers,
                epsilonStart,
                epsilonEnd,
                explorationSteps,
                v,
                seed);
    }

    public StreamAgentConfig withSeed(long v) {
        return new StreamAgentConfig(
                alpha,
                gamma,
                lambda,
                kappaValue,
                kappaPolicy,
                entropy,
                hidden,
                hiddenLayers,
                epsilonStart,
                epsilonEnd,
                explorationSteps,
                timeLimit,
                v);
    }

    /**
     * The reference's exploration rate at the {@code t}-th action selection (t = 1, 2, ...): {@code
     * max(start + (end - start) * t / explorationSteps, end)}.
     */
    public double epsilon(long t) {
        double slope = (epsilonEnd - epsilonStart) / explorationSteps;
        return Math.max(slope * t + epsilonStart, epsilonEnd);
    }
}
