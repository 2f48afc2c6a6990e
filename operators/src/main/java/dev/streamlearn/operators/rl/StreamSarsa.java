package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.ObGD;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

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
public final class StreamSarsa extends StreamAgent<Integer> {
    private final int actions;
    private LayerNormNet q;
    private ObGD optimizer;
    private final LayerNormNet.Pass current;
    private final LayerNormNet.Pass following;
    private final double[] grad;
    private final double[] dOut;
    private long selections;
    private int action;

    /**
     * @param observationSize size of the raw observations
     * @param actions number of discrete actions, at least 2
     */
    public StreamSarsa(int observationSize, int actions, StreamAgentConfig config) {
        super(config, observationSize);
        if (actions < 2) {
            throw new IllegalArgumentException(
                    "SARSA(lambda) needs at least 2 discrete actions, got " + actions);
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
        this.following = q.newPass();
        this.grad = new double[q.parameterCount()];
        this.dOut = new double[actions];
    }

    @Override
    Integer firstAction(double[] s) {
        action = select(q.forward(s, current));
        return action;
    }

    private int select(double[] values) {
        selections++;
        if (rng.nextDouble() < config.epsilon(selections)) {
            return (int) (rng.nextDouble() * actions);
        }
        return argMax(values);
    }

    @Override
    Integer learn(double[] s, double reward, double[] sNext, boolean done) {
        // the weights changed since S was last evaluated
        double qsa = q.forward(s, current)[action];
        double target = reward;
        int nextAction = -1;
        if (!done) {
            double[] nextValues = q.forward(sNext, following);
            nextAction = select(nextValues);
            target += config.gamma() * nextValues[nextAction];
        }
        double delta = target - qsa;
        Arrays.fill(grad, 0);
        dOut[action] = 1;
        q.backward(current, dOut, grad);
        dOut[action] = 0;
        optimizer.step(q.parameters(), grad, delta, done);
        lastTdError = delta;
        if (done) {
            return null;
        }
        action = nextAction;
        return action;
    }

    @Override
    void clearTraces() {
        optimizer.resetTrace();
    }

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
    }

    @Override
    void readState(DataInput in) throws IOException {
        readBase(in);
        q = StreamAgentCodecs.readNet(in, q);
        optimizer = StreamAgentCodecs.readOptimizer(in, q);
        selections = in.readLong();
        action = in.readInt();
    }
}
