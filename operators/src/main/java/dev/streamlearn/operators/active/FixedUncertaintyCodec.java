package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link FixedUncertainty}. Version 1: the fixed threshold u (the strategy has no
 * state that changes). The active learner's codec up to its version 4 wrote nothing of it: it was
 * rebuilt from the learner's configuration.
 *
 * <pre>{@code
 * byte[] bytes = new FixedUncertaintyCodec().encode(strategy);
 * FixedUncertainty restored = new FixedUncertaintyCodec().decode(bytes);
 * }</pre>
 */
public final class FixedUncertaintyCodec implements ModelCodec<FixedUncertainty> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "fixed-uncertainty";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(FixedUncertainty strategy, DataOutput out) throws IOException {
        out.writeDouble(strategy.threshold());
    }

    @Override
    public FixedUncertainty read(int version, DataInput in) throws IOException {
        return new FixedUncertainty(in.readDouble());
    }
}
