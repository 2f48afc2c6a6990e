package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.ObGD;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/** Shared pieces of the agent codecs: networks and optimizers read back with shape checks. */
final class StreamAgentCodecs {
    private StreamAgentCodecs() {}

    static LayerNormNet readNet(DataInput in, LayerNormNet expectedShape) throws IOException {
        LayerNormNet net = LayerNormNet.read(in);
        if (!Arrays.equals(net.sizes(), expectedShape.sizes())) {
            throw new IOException(
                    "stored network has sizes "
                            + Arrays.toString(net.sizes())
                            + " but the configuration builds "
                            + Arrays.toString(expectedShape.sizes()));
        }
        return net;
    }

    static ObGD readOptimizer(DataInput in, LayerNormNet net) throws IOException {
        ObGD opt = ObGD.read(in);
        if (opt.parameterCount() != net.parameterCount()) {
            throw new IOException(
                    "stored trace has "
                            + opt.parameterCount()
                            + " entries, the network "
                            + net.parameterCount()
                            + " parameters");
        }
        return opt;
    }

    static void writeDoubles(double[] a, DataOutput out) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInput in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
