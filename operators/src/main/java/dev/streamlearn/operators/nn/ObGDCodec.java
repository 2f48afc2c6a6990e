package dev.streamlearn.operators.nn;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link ObGD}. Version 1: alpha, gamma, lambda and kappa, the eligibility trace and
 * the last effective step size. These are also the fields that the stream-x agents' codecs wrote
 * without an envelope before this codec existed (their version 1).
 *
 * <pre>{@code
 * byte[] bytes = new ObGDCodec().encode(optimizer);
 * ObGD restored = new ObGDCodec().decode(bytes);
 * }</pre>
 */
public final class ObGDCodec implements ModelCodec<ObGD> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "obgd";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(ObGD opt, DataOutput out) throws IOException {
        out.writeDouble(opt.alpha());
        out.writeDouble(opt.gamma());
        out.writeDouble(opt.lambda());
        out.writeDouble(opt.kappa());
        double[] trace = opt.trace();
        out.writeInt(trace.length);
        for (double z : trace) {
            out.writeDouble(z);
        }
        out.writeDouble(opt.lastStepSize());
    }

    @Override
    public ObGD read(int version, DataInput in) throws IOException {
        double alpha = in.readDouble();
        double gamma = in.readDouble();
        double lambda = in.readDouble();
        double kappa = in.readDouble();
        int n = in.readInt();
        if (n < 1) {
            throw new IOException("a stored ObGD trace has " + n + " entries");
        }
        double[] trace = new double[n];
        for (int k = 0; k < n; k++) {
            trace[k] = in.readDouble();
        }
        return ObGD.restore(alpha, gamma, lambda, kappa, trace, in.readDouble());
    }
}
