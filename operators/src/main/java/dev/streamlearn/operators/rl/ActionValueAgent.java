package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.ObGD;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * What stream Q(lambda) and SARSA(lambda) share: an action-value network with one output per
 * discrete action, its {@link ObGD} optimizer (the value networks' kappa), the epsilon schedule's
 * count of action selections, the action taken, and the update of q(S, A) by a TD error.
 */
abstract class ActionValueAgent extends StreamAgent<Integer> {
    final int actions;
    LayerNormNet q;
    ObGD optimizer;

    /** The pass of q(S) for the action taken. */
    final LayerNormNet.Pass current;

    /** A second pass, for q(S'). */
    final LayerNormNet.Pass next;

    private final double[] grad;
    private final double[] dOut;
    long selections;
    int action;

    /**
     * @param name the algorithm, for messages
     * @param observationSize size of the raw observations
     * @param actions number of discrete actions, at least 2
     */
    ActionValueAgent(String name, int observationSize, int actions, StreamAgentConfig config) {
        super(config, observationSize);
        if (actions < 2) {
            throw new IllegalArgumentException(
                    name + " needs at least 2 discrete actions, got " + actions);
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
        this.next = q.newPass();
        this.grad = new double[q.parameterCount()];
        this.dOut = new double[actions];
    }

    /** Whether the next action is random: counts one action selection of the epsilon schedule. */
    final boolean explores() {
        selections++;
        return rng.nextDouble() < config.epsilon(selections);
    }

    /** A uniformly random action. */
    final int randomAction() {
        return (int) (rng.nextDouble() * actions);
    }

    /**
     * One ObGD step on q(S, A) of the {@link #current} pass by the TD error {@code delta}, then the
     * trace is cleared if {@code resetTrace}.
     */
    final void update(double delta, boolean resetTrace) {
        Arrays.fill(grad, 0);
        dOut[action] = 1;
        q.backward(current, dOut, grad);
        dOut[action] = 0;
        optimizer.step(q.parameters(), grad, delta, resetTrace);
        lastTdError = delta;
    }

    @Override
    final void clearTraces() {
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
        StreamAgentCodecs.writePart(q, out);
        StreamAgentCodecs.writePart(optimizer, out);
        out.writeLong(selections);
        out.writeInt(action);
    }

    @Override
    void readState(DataInput in, int version) throws IOException {
        readBase(in, version);
        q = StreamAgentCodecs.readNet(in, version, q);
        optimizer = StreamAgentCodecs.readOptimizer(in, version, q);
        selections = in.readLong();
        action = in.readInt();
    }
}
