package dev.streamlearn.operators.nn;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link RunningStandardiser}. Version 1: the number of features, the count, then per
 * feature the mean and the sum of squared deviations. These are also the fields that DriftMoE's
 * codec wrote without an envelope before this codec existed (its versions 3 and 4).
 *
 * <pre>{@code
 * byte[] bytes = new RunningStandardiserCodec().encode(standardiser);
 * RunningStandardiser restored = new RunningStandardiserCodec().decode(bytes);
 * }</pre>
 */
public final class RunningStandardiserCodec implements ModelCodec<RunningStandardiser> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "running-standardiser";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(RunningStandardiser s, DataOutput out) throws IOException {
        out.writeInt(s.size());
        out.writeLong(s.count());
        for (int i = 0; i < s.size(); i++) {
            out.writeDouble(s.mean(i));
            out.writeDouble(s.sumOfSquares(i));
        }
    }

    @Override
    public RunningStandardiser read(int version, DataInput in) throws IOException {
        int size = in.readInt();
        if (size < 1) {
            throw new IOException("stored statistics have " + size + " features");
        }
        long count = in.readLong();
        double[] mean = new double[size];
        double[] sumOfSquares = new double[size];
        for (int i = 0; i < size; i++) {
            mean[i] = in.readDouble();
            sumOfSquares[i] = in.readDouble();
        }
        return RunningStandardiser.restore(count, mean, sumOfSquares);
    }
}
