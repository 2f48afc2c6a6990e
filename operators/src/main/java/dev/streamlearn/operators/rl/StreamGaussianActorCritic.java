package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.ObGD;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Stream AC(lambda) for continuous actions (Elsayed, Vasan and Mahmood, 2024): a Gaussian policy
 * per action dimension, {@code N(mu, softplus(u))} with no minimum standard deviation, and a
 * state-value critic, with separate bodies, traces and {@link ObGD} bounds. The update is {@link
 * StreamActorCritic}'s with log-density and entropy summed over the dimensions. The action is
 * sampled unbounded and learned from as sampled; the caller gets a copy clipped to the action
 * bounds.
 *
 * <pre>{@code
 * StreamAgentConfig c = StreamAgentConfig.continuousDefaults().withTimeLimit(200).withSeed(1);
 * var agent = new StreamGaussianActorCritic(3, new double[] {-2}, new double[] {2}, c);
 * double[] torque = agent.start(env.reset());      // clipped to [-2, 2]
 * }</pre>
 */
public final class StreamGaussianActorCritic extends StreamAgent<double[]> {
    private final double[] low;
    private final double[] high;
    private LayerNormNet actor;
    private LayerNormNet critic;
    private ObGD actorOptimizer;
    private ObGD criticOptimizer;
    private final LayerNormNet.Pass policyPass;
    private final LayerNormNet.Pass valuePass;
    private final LayerNormNet.Pass nextValuePass;
    private final double[] actorGrad;
    private final double[] criticGrad;
    private final double[] dOut;
    private final double[] one = {1};
    private final double[] action;

    /**
     * @param observationSize size of the raw observations
     * @param low the lower action bounds, one per action dimension
     * @param high the upper action bounds, each above its lower bound
     */
    public StreamGaussianActorCritic(
            int observationSize, double[] low, double[] high, StreamAgentConfig config) {
        super(config, observationSize);
        if (low.length < 1 || low.length != high.length) {
            throw new IllegalArgumentException(
                    "give one lower and one upper bound per action dimension, got "
                            + low.length
                            + " and "
                            + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!(low[i] < high[i])) {
                throw new IllegalArgumentException(
                        "action bound " + i + ": low " + low[i] + " must be below high " + high[i]);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
        int d = low.length;
        this.actor =
                new LayerNormNet(StreamActorCritic.sizes(config, networkInputSize(), 2 * d), rng);
        this.critic = new LayerNormNet(StreamActorCritic.sizes(config, networkInputSize(), 1), rng);
        this.actorOptimizer =
                new ObGD(
                        actor.parameterCount(),
                        config.alpha(),
                        config.gamma(),
                        config.lambda(),
                        config.kappaPolicy());
        this.criticOptimizer =
                new ObGD(
                        critic.parameterCount(),
                        config.alpha(),
                        config.gamma(),
                        config.lambda(),
                        config.kappaValue());
        this.policyPass = actor.newPass();
        this.valuePass = critic.newPass();
        this.nextValuePass = critic.newPass();
        this.actorGrad = new double[actor.parameterCount()];
        this.criticGrad = new double[critic.parameterCount()];
        this.dOut = new double[2 * d];
        this.action = new double[d];
    }

    @Override
    double[] firstAction(double[] s) {
        return sample(s);
    }

    private double[] sample(double[] s) {
        double[] out = actor.forward(s, policyPass);
        int d = action.length;
        double[] clipped = new double[d];
        for (int i = 0; i < d; i++) {
            action[i] = out[i] + PolicyHeads.softplus(out[d + i]) * PolicyHeads.gaussian(rng);
            clipped[i] = Math.min(Math.max(action[i], low[i]), high[i]);
        }
        return clipped;
    }

    @Override
    double[] learn(double[] s, double reward, double[] sNext, boolean done) {
        double v = critic.forward(s, valuePass)[0];
        double vNext = done ? 0 : critic.forward(sNext, nextValuePass)[0];
        double delta = reward + config.gamma() * vNext - v;
        PolicyHeads.gaussianObjectiveGradient(
                policyPass.output(), action, config.entropy() * Math.signum(delta), dOut);
        Arrays.fill(actorGrad, 0);
        actor.backward(policyPass, dOut, actorGrad);
        actorOptimizer.step(actor.parameters(), actorGrad, delta, done);
        Arrays.fill(criticGrad, 0);
        critic.backward(valuePass, one, criticGrad);
        criticOptimizer.step(critic.parameters(), criticGrad, delta, done);
        lastTdError = delta;
        return done ? null : sample(sNext);
    }

    @Override
    void clearTraces() {
        actorOptimizer.resetTrace();
        criticOptimizer.resetTrace();
    }

    /** The last sampled action before clipping. */
    public double[] unclippedAction() {
        return action.clone();
    }

    public int actionSize() {
        return action.length;
    }

    public double[] actionLow() {
        return low.clone();
    }

    public double[] actionHigh() {
        return high.clone();
    }

    public LayerNormNet actor() {
        return actor;
    }

    public LayerNormNet critic() {
        return critic;
    }

    /** The critic's effective step size. */
    @Override
    public double lastStepSize() {
        return criticOptimizer.lastStepSize();
    }

    @Override
    public long estimatedBytes() {
        return baseBytes()
                + 3 * actor.estimatedBytes()
                + 4 * critic.estimatedBytes()
                + actorOptimizer.estimatedBytes()
                + criticOptimizer.estimatedBytes();
    }

    @Override
    void writeState(DataOutput out) throws IOException {
        writeBase(out);
        StreamAgentCodecs.writePart(actor, out);
        StreamAgentCodecs.writePart(critic, out);
        StreamAgentCodecs.writePart(actorOptimizer, out);
        StreamAgentCodecs.writePart(criticOptimizer, out);
        for (double a : action) {
            out.writeDouble(a);
        }
    }

    @Override
    void readState(DataInput in, int version) throws IOException {
        readBase(in, version);
        actor = StreamAgentCodecs.readNet(in, version, actor);
        critic = StreamAgentCodecs.readNet(in, version, critic);
        actorOptimizer = StreamAgentCodecs.readOptimizer(in, version, actor);
        criticOptimizer = StreamAgentCodecs.readOptimizer(in, version, critic);
        for (int i = 0; i < action.length; i++) {
            action[i] = in.readDouble();
        }
        if (inEpisode()) {
            actor.forward(state, policyPass);
        }
    }
}
