package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.ObGD;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

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
public final class StreamQ extends StreamAgent<Integer> {
    private final int actions;
    private LayerNormNet q;
    private ObGD optimizer;
    private final LayerNormNet.Pass current;
    private final LayerNormNet.Pass scratch;
    private final double[] grad;
    private final double[] dOut;
    private long selections;
    private int action;
    private boolean nonGreedy;

    /**
     * @param observationSize size of the raw observations
     * @param actions number of discrete actions, at least 2
     */
    public StreamQ(int observationSize, int actions, StreamAgentConfig config) {
        super(config, observationSize);
        if (actions < 2) {
            throw new IllegalArgumentException(
                    "Q(lambda) needs at least 2 discrete actions, got " + actions);
        }
        this.actions = actions;
        int[] sizes = new int[config.hiddenLayers() + 2];
        Arrays.fill(sizes, config.hidden());
        sizes[0] = networkInputSize();
        sizes[sizes.length - 1] = actions;
        this.q = new LayerNormNet(sizes, rng);
        this.optimizer =
                new ObGD(
                        q.parameterCount(),
                        config.alpha(),
                        config.gamma(),
                        config.lambda(),
                        config.kappaValue());
        this.current = q.newPass();
        this.scratch = q.newPass();
        this.grad = new double[q.parameterCount()];
        this.dOut = new double[actions];
    }

    @Override
    Integer firstAction(double[] s) {
        return select(q.forward(s, current));
    }

    /** Epsilon-greedy on the action values; records whether the pick is non-greedy. */
    private Integer select(double[] values) {
        selections++;
        int greedy = argMax(values);
        if (rng.nextDouble() < config.epsilon(selections)) {
            action = (int) (rng.nextDouble() * actions);
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
            double[] nextValues = q.forward(sNext, scratch);
            target += config.gamma() * nextValues[argMax(nextValues)];
        }
        double delta = target - current.output()[action];
        Arrays.fill(grad, 0);
        dOut[action] = 1;
        q.backward(current, dOut, grad);
        dOut[action] = 0;
        optimizer.step(q.parameters(), grad, delta, done || nonGreedy);
        lastTdError = delta;
        if (done) {
            return null;
        }
        return select(q.forward(sNext, current));
    }

    @Override
    void clearTraces() {
        optimizer.resetTrace();
    }

    /** The action values of a normalised network input (for tests and inspection). */
    public double[] actionValues(double[] networkInput) {
        return q.forward(networkInput, q.newPass()).clone();
    }

    /** The exploration rate of the next action selection. */
    public double epsilon() {
        return config.epsilon(selections + 1);
    }

    public int actions() {
        return actions;
    }

    public LayerNormNet network() {
        return q;
    }

    public ObGD optimizer() {
        return optimizer;
    }

    @Override
    public double lastStepSize() {
        return optimizer.lastStepSize();
    }

    @Override
    public long estimatedBytes() {
        return baseBytes() + 4 * q.estimatedBytes() + optimizer.estimatedBytes();
    }

    @Override
    void writeState(DataOutput out) throws IOException {
        writeBase(out);
        q.write(out);
        optimizer.write(out);
        out.writeLong(selections);
        out.writeInt(action);
        out.writeBoolean(nonGreedy);
    }

    @Override
    void readState(DataInput in) throws IOException {
        readBase(in);
        q = StreamAgentCodecs.readNet(in, q);
        optimizer = StreamAgentCodecs.readOptimizer(in, q);
        selections = in.readLong();
        action = in.readInt();
        nonGreedy = in.readBoolean();
        if (inEpisode()) {
            q.forward(state, current);
        }
    }
}
