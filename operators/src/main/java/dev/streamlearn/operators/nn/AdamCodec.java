package dev.streamlearn.operators.nn;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link Adam}. Version 1: the learning rate, beta1, beta2, epsilon, the layer widths
 * of the network the moments follow, the step count, then both moments of every parameter in {@link
 * MlpCodec}'s order. Owners that wrote Adam before this codec existed (DriftMoE's codec up to its
 * version 4) wrote only the step count and the moments; {@link #readBare} reads those.
 *
 * <pre>{@code
 * byte[] bytes = new AdamCodec().encode(adam);
 * Adam restored = new AdamCodec().decode(bytes);
 * }</pre>
 */
public final class AdamCodec implements ModelCodec<Adam> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "adam";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(Adam adam, DataOutput out) throws IOException {
        out.writeDouble(adam.learningRate());
        out.writeDouble(adam.beta1());
        out.writeDouble(adam.beta2());
        out.writeDouble(adam.eps());
        int[] sizes = adam.sizes();
        out.writeInt(sizes.length);
        for (int s : sizes) {
            out.writeInt(s);
        }
        writeMoments(adam, out);
    }

    @Override
    public Adam read(int version, DataInput in) throws IOException {
        double lr = in.readDouble();
        double beta1 = in.readDouble();
        double beta2 = in.readDouble();
        double eps = in.readDouble();
        int[] sizes = new int[in.readInt()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = in.readInt();
        }
        return readMoments(new Adam(sizes, lr, beta1, beta2, eps), in);
    }

    /**
     * Reads the step count and moments that owners wrote without this codec (DriftMoE's codec up to
     * its version 4): Adam with PyTorch's default betas and epsilon, for {@code net}, with learning
     * rate {@code lr}.
     */
    public static Adam readBare(DataInput in, Mlp net, double lr) throws IOException {
        return readMoments(new Adam(net, lr), in);
    }

    private static void writeMoments(Adam adam, DataOutput out) throws IOException {
        out.writeLong(adam.steps());
        double[][] m = adam.firstMoments();
        double[][] v = adam.secondMoments();
        int[][] at = Mlp.codecOrder(adam.sizes());
        for (int p = 0; p < at[0].length; p++) {
            out.writeDouble(m[at[0][p]][at[1][p]]);
            out.writeDouble(v[at[0][p]][at[1][p]]);
        }
    }

    private static Adam readMoments(Adam adam, DataInput in) throws IOException {
        adam.setSteps(in.readLong());
        double[][] m = adam.firstMoments();
        double[][] v = adam.secondMoments();
        int[][] at = Mlp.codecOrder(adam.sizes());
        for (int p = 0; p < at[0].length; p++) {
            m[at[0][p]][at[1][p]] = in.readDouble();
            v[at[0][p]][at[1][p]] = in.readDouble();
        }
        return adam;
    }
}
