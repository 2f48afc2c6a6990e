package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.ObGD;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Stream TD(lambda) (Elsayed, Vasan and Mahmood, 2024): learns the state value of whatever
 * behaviour produced the stream, {@code delta = R + gamma (1 - done) v(S') - v(S)} with the
 * pre-update weights and one {@link ObGD} step along {@code grad v(S)} per transition. It takes no
 * actions: what it returns for an observation is its value estimate {@code v(S)} (null when the
 * episode ended). The reference script's extra observation EMA is not part of this class.
 *
 * <pre>{@code
 * StreamTd td = new StreamTd(6, StreamAgentConfig.defaults().withHidden(128).withTimeLimit(0));
 * double v0 = td.start(firstObservation);
 * Double v1 = td.observe(reward, observation, false, false);
 * }</pre>
 */
public final class StreamTd extends StreamAgent<Double> {
    private LayerNormNet v;
    private ObGD optimizer;
    private final LayerNormNet.Pass current;
    private final LayerNormNet.Pass following;
    private final double[] grad;
    private final double[] one = {1};

    public StreamTd(int observationSize, StreamAgentConfig config) {
        super(config, observationSize);
        this.v = new LayerNormNet(StreamActorCritic.sizes(config, networkInputSize(), 1), rng);
        this.optimizer =
                new ObGD(
                        v.parameterCount(),
                        config.alpha(),
                        config.gamma(),
                        config.lambda(),
                        config.kappaValue());
        this.current = v.newPass();
        this.following = v.newPass();
        this.grad = new double[v.parameterCount()];
    }

    @Override
    Double firstAction(double[] s) {
        return v.forward(s, current)[0];
    }

    @Override
    Double learn(double[] s, double reward, double[] sNext, boolean done) {
        double value = v.forward(s, current)[0];
        double vNext = done ? 0 : v.forward(sNext, following)[0];
        double delta = reward + config.gamma() * vNext - value;
        Arrays.fill(grad, 0);
        v.backward(current, one, grad);
        optimizer.step(v.parameters(), grad, delta, done);
        lastTdError = delta;
        return done ? null : v.forward(sNext, current)[0];
    }

    @Override
    void clearTraces() {
        optimizer.resetTrace();
    }

    public LayerNormNet network() {
        return v;
    }

    @Override
    public double lastStepSize() {
        return optimizer.lastStepSize();
    }

    @Override
    public long estimatedBytes() {
        return baseBytes() + 3 * v.estimatedBytes() + optimizer.estimatedBytes();
    }

    @Override
    void writeState(DataOutput out) throws IOException {
        writeBase(out);
        StreamAgentCodecs.writePart(v, out);
        StreamAgentCodecs.writePart(optimizer, out);
    }

    @Override
    void readState(DataInput in, int version) throws IOException {
        readBase(in, version);
        v = StreamAgentCodecs.readNet(in, version, v);
        optimizer = StreamAgentCodecs.readOptimizer(in, version, v);
    }
}
