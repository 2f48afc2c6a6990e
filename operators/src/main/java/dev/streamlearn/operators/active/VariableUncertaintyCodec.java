package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link VariableUncertainty}. Version 1: the threshold's step s, then the threshold
 * theta. The active learner's codec up to its version 4 wrote theta alone ({@link #readBare}); the
 * step came from the learner's configuration.
 *
 * <pre>{@code
 * byte[] bytes = new VariableUncertaintyCodec().encode(strategy);
 * VariableUncertainty restored = new VariableUncertaintyCodec().decode(bytes);
 * }</pre>
 */
public final class VariableUncertaintyCodec implements ModelCodec<VariableUncertainty> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "variable-uncertainty";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(VariableUncertainty strategy, DataOutput out) throws IOException {
        out.writeDouble(strategy.variableThreshold().step());
        out.writeDouble(strategy.threshold());
    }

    @Override
    public VariableUncertainty read(int version, DataInput in) throws IOException {
        return readBare(new VariableUncertainty(in.readDouble()), in);
    }

    /** Reads theta, as owners wrote it without this codec, into a fresh strategy. */
    static VariableUncertainty readBare(VariableUncertainty fresh, DataInput in)
            throws IOException {
        fresh.variableThreshold().set(in.readDouble());
        return fresh;
    }
}
