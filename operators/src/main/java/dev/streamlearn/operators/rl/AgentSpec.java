package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.SplitMix64;
import dev.streamlearn.operators.rl.env.ContinuousEnvironment;
import dev.streamlearn.operators.rl.env.DiscreteEnvironment;
import dev.streamlearn.operators.rl.env.Environment;
import dev.streamlearn.operators.rl.env.Environments;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What agent every key of an RL job gets: the algorithm, the shape of the environment's
 * observations and actions, and the hyperparameters. Each agent's seed is derived from the
 * configured seed and its key, so that agents differ from each other and a job run twice creates
 * the same agent for the same key.
 *
 * <pre>{@code
 * AgentSpec spec = AgentSpec.forEnvironment("CartPole-v1", AgentSpec.Algo.Q, 0);
 * Agent<?> agent = spec.create("agent-7");
 * }</pre>
 *
 * @param algo the learning rule
 * @param observationSize values per observation
 * @param actions number of discrete actions; 0 for continuous actions
 * @param actionLow lower bounds of continuous actions, null for discrete ones
 * @param actionHigh upper bounds of continuous actions, null for discrete ones
 * @param config hyperparameters; its seed is the base of every agent's seed
 */
public record AgentSpec(
        Algo algo,
        int observationSize,
        int actions,
        double[] actionLow,
        double[] actionHigh,
        StreamAgentConfig config)
        implements Serializable {

    /** The stream-x learning rules that act. */
    public enum Algo {
        /** Q(lambda), discrete actions ({@link StreamQ}). */
        Q,
        /** SARSA(lambda), discrete actions ({@link StreamSarsa}). */
        SARSA,
        /**
         * AC(lambda): {@link StreamActorCritic} for discrete actions, {@link
         * StreamGaussianActorCritic} for continuous ones.
         */
        AC;

        /** Parses {@code q}, {@code sarsa} or {@code ac} (any case). */
        public static Algo of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown algorithm '" + name + "'; choose q, sarsa or ac", e);
            }
        }
    }

    public AgentSpec {
        Objects.requireNonNull(algo, "algo");
        Objects.requireNonNull(config, "config");
        if (observationSize < 1) {
            throw new IllegalArgumentException(
                    "observationSize must be positive, got " + observationSize);
        }
        boolean continuous = actions == 0;
        if (continuous) {
            if (actionLow == null
                    || actionHigh == null
                    || actionLow.length == 0
                    || actionLow.length != actionHigh.length) {
                throw new IllegalArgumentException(
                        "continuous actions (actions = 0) need lower and upper bounds of the same"
                                + " non-zero size");
            }
            if (algo != Algo.AC) {
                throw new IllegalArgumentException(
                        "continuous actions need algorithm ac (a Gaussian policy); "
                                + algo.name().toLowerCase(Locale.ROOT)
                                + " picks among discrete actions");
            }
            actionLow = actionLow.clone();
            actionHigh = actionHigh.clone();
        } else if (actions < 2 || actionLow != null || actionHigh != null) {
            throw new IllegalArgumentException(
                    "discrete actions need at least 2 actions and no bounds, got "
                            + actions
                            + " actions");
        }
    }

    /**
     * The spec for one of {@link Environments#IDS}, with the reference's defaults (32 hidden units
     * for discrete, 128 for continuous actions) and the environment's time limit.
     */
    public static AgentSpec forEnvironment(String envId, Algo algo, long seed) {
        if (!Environments.IDS.contains(envId)) {
            throw new IllegalArgumentException(
                    "unknown environment '" + envId + "'; choose from " + Environments.IDS);
        }
        if (Environments.isContinuous(envId)) {
            ContinuousEnvironment env = Environments.continuous(envId, 0);
            return new AgentSpec(
                    algo,
                    env.observationSize(),
                    0,
                    env.actionLow(),
                    env.actionHigh(),
                    configFor(StreamAgentConfig.continuousDefaults(), env, seed));
        }
        DiscreteEnvironment env = Environments.discrete(envId, 0);
        return new AgentSpec(
                algo,
                env.observationSize(),
                env.actionCount(),
                null,
                null,
                configFor(StreamAgentConfig.defaults(), env, seed));
    }

    private static StreamAgentConfig configFor(
            StreamAgentConfig base, Environment<?> env, long seed) {
        return base.withSeed(seed).withTimeLimit(env.maxEpisodeSteps());
    }

    public AgentSpec withConfig(StreamAgentConfig c) {
        return new AgentSpec(algo, observationSize, actions, actionLow, actionHigh, c);
    }

    public boolean continuous() {
        return actions == 0;
    }

    /** The seed of the agent of {@code key}: the configured seed mixed with the key's hash. */
    public long seedFor(String key) {
        long mixed = config.seed() * 0x9E3779B97F4A7C15L + key.hashCode();
        return new SplitMix64(mixed).nextLong();
    }

    /** A fresh agent for {@code key}. */
    public Agent<?> create(String key) {
        StreamAgentConfig c = config.withSeed(seedFor(key));
        if (continuous()) {
            return new StreamGaussianActorCritic(observationSize, actionLow, actionHigh, c);
        }
        return switch (algo) {
            case Q -> new StreamQ(observationSize, actions, c);
            case SARSA -> new StreamSarsa(observationSize, actions, c);
            case AC -> new StreamActorCritic(observationSize, actions, c);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentSpec s
                && algo == s.algo
                && observationSize == s.observationSize
                && actions == s.actions
                && Arrays.equals(actionLow, s.actionLow)
                && Arrays.equals(actionHigh, s.actionHigh)
                && config.equals(s.config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                algo,
                observationSize,
                actions,
                Arrays.hashCode(actionLow),
                Arrays.hashCode(actionHigh),
                config);
    }

    @Override
    public String toString() {
        return algo.name().toLowerCase(Locale.ROOT)
                + (continuous()
                        ? " (Gaussian, " + actionLow.length + "-d actions)"
                        : " (" + actions + " actions)")
                + ", observations of "
                + observationSize;
    }
}
