package dev.streamlearn.connectors.records;

/**
 * An agent's action for one step, sent back to its environment: {@code
 * {"agent":"a1","episode":3,"step":17,"action":1}} for a discrete action, {@code "action":[0.4]}
 * for a continuous one. It answers the observation with the same agent, episode and step; actions
 * are delivered at least once, so an environment drops a step it has already seen.
 *
 * @param agent the agent's key
 * @param episode the episode number of the observation answered
 * @param step the step of the observation answered
 * @param discrete the discrete action, or {@link #CONTINUOUS} when {@code continuous} is set
 * @param continuous the continuous action, or null for a discrete one
 */
public record Action(String agent, long episode, int step, int discrete, double[] continuous) {
    /** The value of {@link #discrete} in a continuous action. */
    public static final int CONTINUOUS = -1;

    public static Action discrete(String agent, long episode, int step, int action) {
        return new Action(agent, episode, step, action, null);
    }

    public static Action continuous(String agent, long episode, int step, double[] action) {
        return new Action(agent, episode, step, CONTINUOUS, action);
    }

    public boolean isContinuous() {
        return continuous != null;
    }
}
