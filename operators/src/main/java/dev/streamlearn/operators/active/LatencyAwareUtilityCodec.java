package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link LatencyAwareUtility}. Version 1: the bandwidth h, then the running scale: the
 * instances observed, the number of features (0 before the first instance) and each feature's
 * running mean and sum of squared deviations. The active learner's codec in its versions 3 and 4
 * wrote the running scale alone ({@link #readBare}); the bandwidth came from the learner's
 * configuration.
 *
 * <pre>{@code
 * byte[] bytes = new LatencyAwareUtilityCodec().encode(utility);
 * LatencyAwareUtility restored = new LatencyAwareUtilityCodec().decode(bytes);
 * }</pre>
 */
public final class LatencyAwareUtilityCodec implements ModelCodec<LatencyAwareUtility> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "latency-aware-utility";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(LatencyAwareUtility utility, DataOutput out) throws IOException {
        out.writeDouble(utility.bandwidth());
        out.writeLong(utility.count());
        double[] mean = utility.mean();
        double[] m2 = utility.m2();
        int d = mean == null ? 0 : mean.length;
        out.writeInt(d);
        for (int i = 0; i < d; i++) {
            out.writeDouble(mean[i]);
            out.writeDouble(m2[i]);
        }
    }

    @Override
    public LatencyAwareUtility read(int version, DataInput in) throws IOException {
        return readBare(in.readDouble(), in);
    }

    /**
     * Reads the running scale, as owners wrote it without this codec, into a utility of bandwidth
     * {@code bandwidth}.
     */
    static LatencyAwareUtility readBare(double bandwidth, DataInput in) throws IOException {
        LatencyAwareUtility utility = new LatencyAwareUtility(bandwidth);
        long count = in.readLong();
        int d = in.readInt();
        double[] mean = d == 0 ? null : new double[d];
        double[] m2 = d == 0 ? null : new double[d];
        for (int i = 0; i < d; i++) {
            mean[i] = in.readDouble();
            m2[i] = in.readDouble();
        }
        utility.restore(count, mean, m2);
        return utility;
    }
}
