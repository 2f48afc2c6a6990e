package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.ObGD;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Stream AC(lambda) for discrete actions (Elsayed, Vasan and Mahmood, 2024): a softmax policy and a
 * state-value critic with separate bodies, traces and {@link ObGD} bounds. Per transition, with
 * {@code delta = R + gamma (1 - done) v(S') - v(S)} on the pre-update weights: the actor steps
 * first along {@code grad[log pi(A|S) + entropy * sign(delta) * H(pi(.|S))]} (kappa 3), then the
 * critic along {@code grad v(S)} (kappa 2); both traces are cleared at the end of an episode.
 *
 * <pre>{@code
 * StreamActorCritic agent = new StreamActorCritic(4, 2, StreamAgentConfig.defaults().withSeed(1));
 * int a = agent.start(env.reset());
 * Integer next = agent.observe(1.0, observation, false, false);   // null once the episode ends
 * }</pre>
 */
public final class StreamActorCritic extends StreamAgent<Integer> {
    private final int actions;
    private LayerNormNet actor;
    private LayerNormNet critic;
    private ObGD actorOptimizer;
    private ObGD criticOptimizer;
    private final LayerNormNet.Pass policyPass;
    private final LayerNormNet.Pass valuePass;
    private final LayerNormNet.Pass nextValuePass;
    private final double[] actorGrad;
    private final double[] criticGrad;
    private final double[] probs;
    private final double[] dLogits;
    private final double[] one = {1};
    private int action;

    /**
     * @param observationSize size of the raw observations
     * @param actions number of discrete actions, at least 2
     */
    public StreamActorCritic(int observationSize, int actions, StreamAgentConfig config) {
        super(config, observationSize);
        if (actions < 2) {
            throw new IllegalArgumentException(
                    "a discrete actor-critic needs at least 2 actions, got " + actions);
        }
        this.actions = actions;
        this.actor = new LayerNormNet(sizes(config, networkInputSize(), actions), rng);
        this.critic = new LayerNormNet(sizes(config, networkInputSize(), 1), rng);
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
        this.probs = new double[actions];
        this.dLogits = new double[actions];
    }

    static int[] sizes(StreamAgentConfig config, int inputs, int outputs) {
        int[] sizes = new int[config.hiddenLayers() + 2];
        Arrays.fill(sizes, config.hidden());
        sizes[0] = inputs;
        sizes[sizes.length - 1] = outputs;
        return sizes;
    }

    @Override
    Integer firstAction(double[] s) {
        return sample(s);
    }

    private Integer sample(double[] s) {
        PolicyHeads.softmax(actor.forward(s, policyPass), probs);
        action = PolicyHeads.sampleCategorical(probs, rng);
        return action;
    }

    @Override
    Integer learn(double[] s, double reward, double[] sNext, boolean done) {
        double v = critic.forward(s, valuePass)[0];
        double vNext = done ? 0 : critic.forward(sNext, nextValuePass)[0];
        double delta = reward + config.gamma() * vNext - v;
        // `policyPass` and `probs` hold pi(.|S) from the weights that sampled A
        PolicyHeads.softmaxObjectiveGradient(
                probs, action, config.entropy() * Math.signum(delta), dLogits);
        Arrays.fill(actorGrad, 0);
        actor.backward(policyPass, dLogits, actorGrad);
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

    /** The policy's probabilities for a normalised network input (for tests and inspection). */
    public double[] policy(double[] networkInput) {
        double[] p = new double[actions];
        PolicyHeads.softmax(actor.forward(networkInput, actor.newPass()), p);
        return p;
    }

    public int actions() {
        return actions;
    }

    public LayerNormNet actor() {
        return actor;
    }

    public LayerNormNet critic() {
        return critic;
    }

    public ObGD actorOptimizer() {
        return actorOptimizer;
    }

    public ObGD criticOptimizer() {
        return criticOptimizer;
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
        out.writeInt(action);
    }

    @Override
    void readState(DataInput in, int version) throws IOException {
        readBase(in, version);
        actor = StreamAgentCodecs.readNet(in, version, actor);
        critic = StreamAgentCodecs.readNet(in, version, critic);
        actorOptimizer = StreamAgentCodecs.readOptimizer(in, version, actor);
        criticOptimizer = StreamAgentCodecs.readOptimizer(in, version, critic);
        action = in.readInt();
        if (inEpisode()) {
            PolicyHeads.softmax(actor.forward(state, policyPass), probs);
        }
    }
}
