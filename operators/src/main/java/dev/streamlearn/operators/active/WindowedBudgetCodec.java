package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link WindowedBudget}. Version 1: the budget b and the window w, then the decaying
 * count u, the instances seen and the labels requested. The active learner's codec up to its
 * version 4 wrote u and the counts alone ({@link #readBare}); budget and window came from the
 * learner's configuration.
 *
 * <pre>{@code
 * byte[] bytes = new WindowedBudgetCodec().encode(manager);
 * WindowedBudget restored = new WindowedBudgetCodec().decode(bytes);
 * }</pre>
 */
public final class WindowedBudgetCodec implements ModelCodec<WindowedBudget> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "windowed-budget";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(WindowedBudget manager, DataOutput out) throws IOException {
        out.writeDouble(manager.budget());
        out.writeInt(manager.window());
        out.writeDouble(manager.spent());
        out.writeLong(manager.seen());
        out.writeLong(manager.queried());
    }

    @Override
    public WindowedBudget read(int version, DataInput in) throws IOException {
        double budget = in.readDouble();
        int window = in.readInt();
        return readBare(new WindowedBudget(budget, window), in);
    }

    /** Reads u and the counts, as owners wrote them without this codec, into a fresh manager. */
    static WindowedBudget readBare(WindowedBudget fresh, DataInput in) throws IOException {
        fresh.restore(in.readDouble(), in.readLong(), in.readLong());
        return fresh;
    }
}
