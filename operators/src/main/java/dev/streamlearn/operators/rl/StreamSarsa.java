package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.ObGD;

/**
 * Stream SARSA(lambda) (Elsayed, Vasan and Mahmood, 2024): the next action A' is chosen
 * epsilon-greedily before the update, {@code delta = R + gamma (1 - done) q(S', A') - q(S, A)} with
 * the pre-update weights, one {@link ObGD} step per transition; the trace is cleared at the end of
 * an episode only.
 *
 * <pre>{@code
 * StreamSarsa agent = new StreamSarsa(4, 2, StreamAgentConfig.defaults().withSeed(1));
 * int a = agent.start(env.reset());
 * Integer next = agent.observe(1.0, observation, false, false);   // null once the episode ends
 * }</pre>
 */
public final class StreamSarsa extends ActionValueAgent {

    /**
     * @param observationSize size of the raw observations
     * @param actions number of discrete actions, at least 2
     */
    public StreamSarsa(int observationSize, int actions, StreamAgentConfig config) {
        super("SARSA(lambda)", observationSize, actions, config);
    }

    @Override
    Integer firstAction(double[] s) {
        action = select(q.forward(s, current));
        return action;
    }

    private int select(double[] values) {
        return explores() ? randomAction() : argMax(values);
    }

    @Override
    Integer learn(double[] s, double reward, double[] sNext, boolean done) {
        // the weights changed since S was last evaluated
        double qsa = q.forward(s, current)[action];
        double target = reward;
        int nextAction = -1;
        if (!done) {
            double[] nextValues = q.forward(sNext, next);
            nextAction = select(nextValues);
            target += config.gamma() * nextValues[nextAction];
        }
        update(target - qsa, done);
        if (done) {
            return null;
        }
        action = nextAction;
        return action;
    }
}
