package dev.streamlearn.connectors.records;

/**
 * What an environment reports to an agent after a reset (step 0) or after one action: {@code
 * {"agent":"a1","episode":3,"step":17,"obs":[...],"reward":1.0,"terminated":false,
 * "truncated":false}}. Step {@code k > 0} is the outcome of the action the agent sent for step
 * {@code k - 1} of the same episode; step 0 starts an episode (its reward is ignored).
 *
 * @param agent the agent's key (one agent per key)
 * @param episode the episode number, increasing per agent
 * @param step the step within the episode, 0 for the reset observation
 * @param obs the raw observation
 * @param reward the reward of the last action (0 at step 0)
 * @param terminated the episode reached a terminal state (no bootstrap)
 * @param truncated the episode was cut (e.g. a time limit)
 */
public record Observation(
        String agent,
        long episode,
        int step,
        double[] obs,
        double reward,
        boolean terminated,
        boolean truncated) {

    /** Whether this observation ends its episode. */
    public boolean done() {
        return terminated || truncated;
    }
}
