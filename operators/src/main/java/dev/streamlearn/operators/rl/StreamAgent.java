package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.SplitMix64;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What every stream-x agent shares: the normalisation wrappers of the reference, applied inside the
 * agent so that their statistics are part of its state, and the episode bookkeeping.
 *
 * <ul>
 *   <li>observations: per-dimension Welford statistics updated with every observation (reset and
 *       step), then {@code (x - mean) / sqrt(var + 1e-8)}, no clipping;
 *   <li>rewards: divided by the running standard deviation of the discounted return {@code trace =
 *       trace * gamma * (1 - done) + r} (the trace is not reset between episodes);
 *   <li>the time feature: one unnormalised input, -0.5 at reset and at the first step, then {@code
 *       +1/timeLimit} per step.
 * </ul>
 *
 * Subclasses implement the learning rule; they get normalised states and scaled rewards. The
 * agent's generator ({@link SplitMix64}) draws the initial weights and every random choice.
 *
 * @param <A> the action type
 */
public abstract class StreamAgent<A> implements Agent<A> {
    final StreamAgentConfig config;
    final int observationSize;
    SplitMix64 rng;
    private RunningStats observationStats;
    private RunningStats rewardStats;
    private double rewardTrace;
    private double timeFeature;
    private boolean inEpisode;
    private int episodeStep;
    private long steps;
    private long episodes;
    private double episodeReturn;
    private double lastEpisodeReturn = Double.NaN;
    double lastTdError = Double.NaN;
    double[] state;
    double[] next;

    StreamAgent(StreamAgentConfig config, int observationSize) {
        if (observationSize < 1) {
            throw new IllegalArgumentException(
                    "observations need at least one value, got size " + observationSize);
        }
        this.config = config;
        this.observationSize = observationSize;
        this.rng = new SplitMix64(config.seed());
        this.observationStats = new RunningStats(observationSize);
        this.rewardStats = new RunningStats(1);
        int inputs = networkInputSize();
        this.state = new double[inputs];
        this.next = new double[inputs];
    }

    /** The network input: the normalised observation, plus the time feature if configured. */
    final int networkInputSize() {
        return observationSize + (config.timeLimit() > 0 ? 1 : 0);
    }

    /** The first action of an episode from the normalised first state. */
    abstract A firstAction(double[] s);

    /**
     * One update from (S, A, R, S') with the normalised states and the scaled reward; returns the
     * next action, or null when {@code done}. Must not keep references to {@code s} or {@code
     * sNext}.
     */
    abstract A learn(double[] s, double reward, double[] sNext, boolean done);

    /** Clears every eligibility trace. */
    abstract void clearTraces();

    /**
     * Writes the agent's learned and episode state (its codec writes shape and configuration), each
     * network, optimizer and statistics in its own codec's envelope.
     */
    abstract void writeState(DataOutput out) throws IOException;

    /**
     * Reads what {@link #writeState} wrote, as version {@code version} of the agent's codec, into
     * an agent of the same shape and configuration.
     */
    abstract void readState(DataInput in, int version) throws IOException;

    @Override
    public final A start(double[] observation) {
        checkObservation(observation);
        if (inEpisode) {
            abandonEpisode();
        }
        timeFeature = -0.5;
        preprocess(observation, state);
        inEpisode = true;
        episodeStep = 0;
        episodeReturn = 0;
        return firstAction(state);
    }

    @Override
    public final A observe(
            double reward, double[] observation, boolean terminated, boolean truncated) {
        if (!inEpisode) {
            throw new IllegalStateException(
                    "no episode is running: call start(observation) with the reset observation"
                            + " before observe(...)");
        }
        checkObservation(observation);
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite, got " + reward);
        }
        boolean done = terminated || truncated;
        rewardTrace = rewardTrace * config.gamma() * (done ? 0 : 1) + reward;
        rewardStats.update(rewardTrace);
        double scaled = reward / Math.sqrt(rewardStats.variance(0) + RunningStats.EPS);
        preprocess(observation, next);
        if (config.timeLimit() > 0) {
            // the reference's time wrapper: the step's observation carries the old value
            timeFeature += 1.0 / config.timeLimit();
        }
        A action = learn(state, scaled, next, done);
        double[] t = state;
        state = next;
        next = t;
        steps++;
        episodeStep++;
        episodeReturn += reward;
        if (done) {
            inEpisode = false;
            episodes++;
            lastEpisodeReturn = episodeReturn;
        }
        return action;
    }

    @Override
    public final void abandonEpisode() {
        if (inEpisode) {
            inEpisode = false;
            clearTraces();
        }
    }

    private void preprocess(double[] observation, double[] out) {
        observationStats.update(observation);
        observationStats.normalize(observation, out, 0);
        if (config.timeLimit() > 0) {
            out[observationSize] = timeFeature;
        }
    }

    private void checkObservation(double[] observation) {
        if (observation.length != observationSize) {
            throw new IllegalArgumentException(
                    "observation has "
                            + observation.length
                            + " values but the agent was built for "
                            + observationSize);
        }
    }

    /** Index of the largest value, the first one on ties (PyTorch's argmax). */
    static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The network input of the current state (a copy): the normalised observation, then the time
     * feature if configured.
     */
    public double[] networkInput() {
        return state.clone();
    }

    public StreamAgentConfig config() {
        return config;
    }

    @Override
    public boolean inEpisode() {
        return inEpisode;
    }

    @Override
    public int observationSize() {
        return observationSize;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public long episodes() {
        return episodes;
    }

    /** Steps of the running episode so far. */
    public int episodeStep() {
        return episodeStep;
    }

    @Override
    public double lastEpisodeReturn() {
        return lastEpisodeReturn;
    }

    @Override
    public double lastTdError() {
        return lastTdError;
    }

    /** The shared part of {@link #estimatedBytes()}. */
    long baseBytes() {
        return 16L * state.length + 24L * observationSize + 160;
    }

    /** Writes the generator, the statistics and the episode's position (codec helpers). */
    void writeBase(DataOutput out) throws IOException {
        out.writeLong(rng.state());
        StreamAgentCodecs.writePart(observationStats, out);
        StreamAgentCodecs.writePart(rewardStats, out);
        out.writeDouble(rewardTrace);
        out.writeDouble(timeFeature);
        out.writeBoolean(inEpisode);
        out.writeInt(episodeStep);
        out.writeLong(steps);
        out.writeLong(episodes);
        out.writeDouble(episodeReturn);
        out.writeDouble(lastEpisodeReturn);
        out.writeDouble(lastTdError);
        for (double v : state) {
            out.writeDouble(v);
        }
    }

    void readBase(DataInput in, int version) throws IOException {
        rng = new SplitMix64(in.readLong());
        observationStats = StreamAgentCodecs.readStats(in, version);
        rewardStats = StreamAgentCodecs.readStats(in, version);
        if (observationStats.dims() != observationSize) {
            throw new IOException(
                    "observation statistics have "
                            + observationStats.dims()
                            + " dimensions, the agent "
                            + observationSize);
        }
        rewardTrace = in.readDouble();
        timeFeature = in.readDouble();
        inEpisode = in.readBoolean();
        episodeStep = in.readInt();
        steps = in.readLong();
        episodes = in.readLong();
        episodeReturn = in.readDouble();
        lastEpisodeReturn = in.readDouble();
        lastTdError = in.readDouble();
        for (int i = 0; i < state.length; i++) {
            state[i] = in.readDouble();
        }
    }
}
