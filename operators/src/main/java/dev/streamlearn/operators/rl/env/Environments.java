package dev.streamlearn.operators.rl.env;

import java.util.List;

/**
 * The environments by Gymnasium id.
 *
 * <pre>{@code
 * DiscreteEnvironment env = Environments.discrete("CartPole-v1", 7);
 * }</pre>
 */
public final class Environments {
    /** The ids {@link #discrete} and {@link #continuous} know. */
    public static final List<String> IDS = List.of("CartPole-v1", "Acrobot-v1", "Pendulum-v1");

    private Environments() {}

    /** A discrete-action environment: CartPole-v1 or Acrobot-v1. */
    public static DiscreteEnvironment discrete(String id, long seed) {
        return switch (id) {
            case "CartPole-v1" -> new CartPole(seed);
            case "Acrobot-v1" -> new Acrobot(seed);
            default ->
                    throw new IllegalArgumentException(
                            "unknown discrete environment '"
                                    + id
                                    + "'; choose CartPole-v1 or Acrobot-v1 (Pendulum-v1 has"
                                    + " continuous actions)");
        };
    }

    /** A continuous-action environment: Pendulum-v1. */
    public static ContinuousEnvironment continuous(String id, long seed) {
        if (id.equals("Pendulum-v1")) {
            return new Pendulum(seed);
        }
        throw new IllegalArgumentException(
                "unknown continuous environment '" + id + "'; choose Pendulum-v1");
    }

    public static boolean isContinuous(String id) {
        return id.equals("Pendulum-v1");
    }
}
