package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.ObGD;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Stream Q(lambda) (Elsayed, Vasan and Mahmood, "Streaming Deep Reinforcement Learning Finally
 * Works", 2024): epsilon-greedy with a linearly decaying epsilon, Watkins's trace cutting (the
 * trace is cleared after a non-greedy action, i.e. a random pick that differs from the greedy one),
 * {@code delta = R + gamma (1 - done) max_a q(S', a) - q(S, A)} with the pre-update weights and one
 * {@link ObGD} step per transition.
 *
 * <pre>{@code
 * StreamQ agent = new StreamQ(4, 2, StreamAgentConfig.defaults().withSeed(1));
 * int a = agent.start(env.reset());
 * Integer next = agent.observe(1.0, observation, false, false);   // null once the episode ends
 * }</pre>
 */
public final class StreamQ extends ActionValueAgent {
    private boolean nonGreedy;

    /**
     * @param observationSize size of the raw observations
     * @param actions number of discrete actions, at least 2
     */
    public StreamQ(int observationSize, int actions, StreamAgentConfig config) {
        super("Q(lambda)", observationSize, actions, config);
    }

    @Override
    Integer firstAction(double[] s) {
        return select(q.forward(s, current));
    }

    /** Epsilon-greedy on the action values; records whether the pick is non-greedy. */
    private Integer select(double[] values) {
        int greedy = argMax(values);
        if (explores()) {
            action = randomAction();
            nonGreedy = action != greedy;
        } else {
            action = greedy;
            nonGreedy = false;
        }
        return action;
    }

    @Override
    Integer learn(double[] s, double reward, double[] sNext, boolean done) {
        // `current` holds q(S) with the weights that chose A: none changed since
        double target = reward;
        if (!done) {
            double[] nextValues = q.forward(sNext, next);
            target += config.gamma() * nextValues[argMax(nextValues)];
        }
        update(target - current.output()[action], done || nonGreedy);
        if (done) {
            return null;
        }
        return select(q.forward(sNext, current));
    }

    @Override
    void writeState(DataOutput out) throws IOException {
        super.writeState(out);
        out.writeBoolean(nonGreedy);
    }

    @Override
    void readState(DataInput in, int version) throws IOException {
        super.readState(in, version);
        nonGreedy = in.readBoolean();
        if (inEpisode()) {
            q.forward(state, current);
        }
    }
}
