package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link EntropySampling}. Version 1: the discount d, then the generator's state. The
 * active learner's codec up to its version 4 wrote the generator's state alone ({@link #readBare});
 * the discount came from the learner's configuration.
 *
 * <pre>{@code
 * byte[] bytes = new EntropySamplingCodec().encode(strategy);
 * EntropySampling restored = new EntropySamplingCodec().decode(bytes);
 * }</pre>
 */
public final class EntropySamplingCodec implements ModelCodec<EntropySampling> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "entropy-sampling";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(EntropySampling strategy, DataOutput out) throws IOException {
        out.writeDouble(strategy.discount());
        out.writeLong(strategy.generator().state());
    }

    @Override
    public EntropySampling read(int version, DataInput in) throws IOException {
        // the seed is overwritten by the generator's state
        return readBare(new EntropySampling(in.readDouble(), 0), in);
    }

    /**
     * Reads the generator's state, as owners wrote it without this codec, into a fresh strategy.
     */
    static EntropySampling readBare(EntropySampling fresh, DataInput in) throws IOException {
        fresh.generator().restore(in.readLong());
        return fresh;
    }
}
