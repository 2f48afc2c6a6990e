package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link RunningStats}. Version 1: the number of dimensions, the count, then per
 * dimension the mean and the sum of squared deviations. These are also the fields that the stream-x
 * agents' codecs wrote without an envelope before this codec existed (their version 1).
 *
 * <pre>{@code
 * byte[] bytes = new RunningStatsCodec().encode(stats);
 * RunningStats restored = new RunningStatsCodec().decode(bytes);
 * }</pre>
 */
public final class RunningStatsCodec implements ModelCodec<RunningStats> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "running-stats";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(RunningStats s, DataOutput out) throws IOException {
        out.writeInt(s.dims());
        out.writeLong(s.count());
        for (int i = 0; i < s.dims(); i++) {
            out.writeDouble(s.mean(i));
            out.writeDouble(s.sumOfSquares(i));
        }
    }

    @Override
    public RunningStats read(int version, DataInput in) throws IOException {
        int dims = in.readInt();
        if (dims < 1) {
            throw new IOException("stored statistics have " + dims + " dimensions");
        }
        long count = in.readLong();
        double[] mean = new double[dims];
        double[] sumOfSquares = new double[dims];
        for (int i = 0; i < dims; i++) {
            mean[i] = in.readDouble();
            sumOfSquares[i] = in.readDouble();
        }
        return RunningStats.restore(count, mean, sumOfSquares);
    }
}
