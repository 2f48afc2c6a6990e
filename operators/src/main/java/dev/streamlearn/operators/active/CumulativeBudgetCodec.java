package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link CumulativeBudget}. Version 1: the budget b, then the instances seen and the
 * labels requested. The active learner's codec up to its version 4 wrote the two counts alone
 * ({@link #readBare}); the budget came from the learner's configuration.
 *
 * <pre>{@code
 * byte[] bytes = new CumulativeBudgetCodec().encode(manager);
 * CumulativeBudget restored = new CumulativeBudgetCodec().decode(bytes);
 * }</pre>
 */
public final class CumulativeBudgetCodec implements ModelCodec<CumulativeBudget> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "cumulative-budget";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(CumulativeBudget manager, DataOutput out) throws IOException {
        out.writeDouble(manager.budget());
        out.writeLong(manager.seen());
        out.writeLong(manager.queried());
    }

    @Override
    public CumulativeBudget read(int version, DataInput in) throws IOException {
        return readBare(new CumulativeBudget(in.readDouble()), in);
    }

    /** Reads the counts, as owners wrote them without this codec, into a fresh manager. */
    static CumulativeBudget readBare(CumulativeBudget fresh, DataInput in) throws IOException {
        fresh.restore(in.readLong(), in.readLong());
        return fresh;
    }
}
