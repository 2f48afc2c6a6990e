package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link SplitSampling}. Version 1: the threshold's step s, the random share v, the
 * budget b, then the threshold theta and the generator's state. The active learner's codec up to
 * its version 4 wrote theta and the generator's state alone ({@link #readBare}); step, share and
 * budget came from the learner's configuration.
 *
 * <pre>{@code
 * byte[] bytes = new SplitSamplingCodec().encode(strategy);
 * SplitSampling restored = new SplitSamplingCodec().decode(bytes);
 * }</pre>
 */
public final class SplitSamplingCodec implements ModelCodec<SplitSampling> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "split-sampling";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(SplitSampling strategy, DataOutput out) throws IOException {
        out.writeDouble(strategy.variableThreshold().step());
        out.writeDouble(strategy.share());
        out.writeDouble(strategy.budget());
        out.writeDouble(strategy.threshold());
        out.writeLong(strategy.generator().state());
    }

    @Override
    public SplitSampling read(int version, DataInput in) throws IOException {
        double step = in.readDouble();
        double share = in.readDouble();
        double budget = in.readDouble();
        // the seed is overwritten by the generator's state
        return readBare(new SplitSampling(step, share, budget, 0), in);
    }

    /** Reads theta and the generator's state, as owners wrote them, into a fresh strategy. */
    static SplitSampling readBare(SplitSampling fresh, DataInput in) throws IOException {
        fresh.variableThreshold().set(in.readDouble());
        fresh.generator().restore(in.readLong());
        return fresh;
    }
}
