package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link RandomSampling}. Version 1: the budget b, then the generator's state. The
 * active learner's codec up to its version 4 wrote the generator's state alone ({@link #readBare});
 * the budget came from the learner's configuration.
 *
 * <pre>{@code
 * byte[] bytes = new RandomSamplingCodec().encode(strategy);
 * RandomSampling restored = new RandomSamplingCodec().decode(bytes);
 * }</pre>
 */
public final class RandomSamplingCodec implements ModelCodec<RandomSampling> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "random-sampling";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(RandomSampling strategy, DataOutput out) throws IOException {
        out.writeDouble(strategy.budget());
        out.writeLong(strategy.generator().state());
    }

    @Override
    public RandomSampling read(int version, DataInput in) throws IOException {
        // the seed is overwritten by the generator's state
        return readBare(new RandomSampling(in.readDouble(), 0), in);
    }

    /**
     * Reads the generator's state, as owners wrote it without this codec, into a fresh strategy.
     */
    static RandomSampling readBare(RandomSampling fresh, DataInput in) throws IOException {
        fresh.generator().restore(in.readLong());
        return fresh;
    }
}
