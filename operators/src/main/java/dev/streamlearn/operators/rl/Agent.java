package dev.streamlearn.operators.rl;

/**
 * A reinforcement-learning agent that acts and learns one transition at a time, with no replay
 * buffer: the form a stream processor can host, one agent per key. Observations and rewards are the
 * environment's raw values; the agent normalises them itself (its statistics are part of its
 * state), so that a restored agent continues exactly where the original stopped.
 *
 * <p>Each episode is {@link #start} with the reset observation, then one {@link #observe} per
 * environment step with that step's reward and observation; each call returns the action to take
 * next. Truncation (a time limit) ends an episode like termination, as in the stream-x reference.
 *
 * <pre>{@code
 * Agent<Integer> agent = new StreamQ(4, 2, StreamAgentConfig.defaults().withSeed(7));
 * CartPole env = new CartPole(7);
 * Integer action = agent.start(env.reset());
 * while (action != null) {
 *     Environment.Step s = env.step(action);
 *     action = agent.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
 * }
 * }</pre>
 *
 * @param <A> the action type: {@code Integer} for discrete actions, {@code double[]} for continuous
 *     ones
 */
public interface Agent<A> {

    /**
     * Begins an episode with its first (reset) observation and returns the first action. An
     * unfinished previous episode is abandoned first (see {@link #abandonEpisode()}).
     *
     * @throws IllegalArgumentException if the observation has the wrong size
     */
    A start(double[] observation);

    /**
     * The outcome of the last action: learns from the transition (S, A, R, S') and returns the next
     * action, or null when the episode ended ({@code terminated || truncated}).
     *
     * @throws IllegalStateException if no episode is running ({@link #start} first)
     */
    A observe(double reward, double[] observation, boolean terminated, boolean truncated);

    /**
     * Ends the running episode without a last transition (e.g. the environment went silent): the
     * pending action is dropped and the eligibility traces are cleared. No-op between episodes.
     */
    void abandonEpisode();

    /** Whether an episode is running (started and not yet ended). */
    boolean inEpisode();

    /** The size of the raw observations. */
    int observationSize();

    /** Transitions learned from, over the agent's life. */
    long steps();

    /** Episodes ended (terminated or truncated), over the agent's life. */
    long episodes();

    /** The raw (unscaled) return of the last ended episode, NaN before the first. */
    double lastEpisodeReturn();

    /** The TD error of the last transition (computed on scaled rewards), NaN before the first. */
    double lastTdError();

    /** The effective ObGD step size of the last update of the value network. */
    double lastStepSize();

    /** An estimate of the agent's heap size in bytes. */
    long estimatedBytes();
}
