package dev.streamlearn.operators.rl.env;

/**
 * An episodic environment with Gymnasium's semantics: {@link #reset()} starts an episode from the
 * environment's own seeded generator, {@link #step} returns the observation, the reward and whether
 * the episode {@code terminated} (a terminal state: no bootstrap) or was {@code truncated} (the
 * time limit, {@link #maxEpisodeSteps()}). Observations are float32 values widened to double, as
 * Gymnasium returns them.
 *
 * <pre>{@code
 * CartPole env = new CartPole(42);
 * double[] obs = env.reset();
 * Environment.Step s = env.step(1);
 * if (s.terminated() || s.truncated()) obs = env.reset();
 * }</pre>
 *
 * @param <A> the action type: {@code Integer} for discrete actions, {@code double[]} for continuous
 *     ones
 */
public interface Environment<A> {

    /** The outcome of one step. */
    record Step(double[] observation, double reward, boolean terminated, boolean truncated) {
        public boolean done() {
            return terminated || truncated;
        }
    }

    /** Gymnasium's id, e.g. {@code CartPole-v1}. */
    String id();

    /** Starts an episode, drawing the initial state from the environment's generator. */
    double[] reset();

    /** Reseeds the generator (Gymnasium's {@code reset(seed=...)}) and starts an episode. */
    double[] reset(long seed);

    /**
     * One step.
     *
     * @throws IllegalStateException if the episode has ended and was not reset
     * @throws IllegalArgumentException if the action is invalid
     */
    Step step(A action);

    int observationSize();

    /** The time limit: the step at which an episode is truncated. */
    int maxEpisodeSteps();

    /** Gymnasium's reward threshold of the task (the return regarded as solving it). */
    double rewardThreshold();
}
