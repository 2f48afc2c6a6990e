package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link BalancedIncrementalQuantileFilter}. Version 1: the budget b, the window w and
 * the tolerance window w_tol, then the instances seen, the labels requested and the utilities in
 * the window, their count first, oldest first. The active learner's codec up to its version 4 wrote
 * the counts and the utilities alone ({@link #readBare}); budget and windows came from the
 * learner's configuration.
 *
 * <pre>{@code
 * byte[] bytes = new BalancedIncrementalQuantileFilterCodec().encode(manager);
 * BalancedIncrementalQuantileFilter restored =
 *         new BalancedIncrementalQuantileFilterCodec().decode(bytes);
 * }</pre>
 */
public final class BalancedIncrementalQuantileFilterCodec
        implements ModelCodec<BalancedIncrementalQuantileFilter> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "balanced-incremental-quantile-filter";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(BalancedIncrementalQuantileFilter manager, DataOutput out)
            throws IOException {
        out.writeDouble(manager.budget());
        out.writeInt(manager.window());
        out.writeInt(manager.toleranceWindow());
        out.writeLong(manager.seen());
        out.writeLong(manager.queried());
        double[] utilities = manager.utilities();
        out.writeInt(utilities.length);
        for (double u : utilities) {
            out.writeDouble(u);
        }
    }

    @Override
    public BalancedIncrementalQuantileFilter read(int version, DataInput in) throws IOException {
        double budget = in.readDouble();
        int window = in.readInt();
        int toleranceWindow = in.readInt();
        return readBare(new BalancedIncrementalQuantileFilter(budget, window, toleranceWindow), in);
    }

    /**
     * Reads the counts and the utilities, as owners wrote them without this codec, into a fresh
     * manager.
     *
     * @throws IllegalStateException when the window holds fewer utilities than the state
     */
    static BalancedIncrementalQuantileFilter readBare(
            BalancedIncrementalQuantileFilter fresh, DataInput in) throws IOException {
        long seen = in.readLong();
        long queried = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > fresh.window()) {
            throw new IllegalStateException(
                    "state holds "
                            + n
                            + " utilities but the quantile filter's window is "
                            + fresh.window()
                            + "; the budget window changed");
        }
        double[] utilities = new double[n];
        for (int i = 0; i < n; i++) {
            utilities[i] = in.readDouble();
        }
        fresh.restore(utilities, seen, queried);
        return fresh;
    }
}
