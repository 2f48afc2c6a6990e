package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link RandomizedVariableUncertainty}. Version 1: the threshold's step s, the
 * standard deviation of eta, then the threshold theta and the generator's state. The active
 * learner's codec up to its version 4 wrote theta and the generator's state alone ({@link
 * #readBare}); step and deviation came from the learner's configuration.
 *
 * <pre>{@code
 * byte[] bytes = new RandomizedVariableUncertaintyCodec().encode(strategy);
 * RandomizedVariableUncertainty restored = new RandomizedVariableUncertaintyCodec().decode(bytes);
 * }</pre>
 */
public final class RandomizedVariableUncertaintyCodec
        implements ModelCodec<RandomizedVariableUncertainty> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "randomized-variable-uncertainty";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(RandomizedVariableUncertainty strategy, DataOutput out) throws IOException {
        out.writeDouble(strategy.variableThreshold().step());
        out.writeDouble(strategy.sd());
        out.writeDouble(strategy.threshold());
        out.writeLong(strategy.generator().state());
    }

    @Override
    public RandomizedVariableUncertainty read(int version, DataInput in) throws IOException {
        double step = in.readDouble();
        double sd = in.readDouble();
        // the seed is overwritten by the generator's state
        return readBare(new RandomizedVariableUncertainty(step, sd, 0), in);
    }

    /** Reads theta and the generator's state, as owners wrote them, into a fresh strategy. */
    static RandomizedVariableUncertainty readBare(RandomizedVariableUncertainty fresh, DataInput in)
            throws IOException {
        fresh.variableThreshold().set(in.readDouble());
        fresh.generator().restore(in.readLong());
        return fresh;
    }
}
