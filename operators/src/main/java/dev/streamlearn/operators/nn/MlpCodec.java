package dev.streamlearn.operators.nn;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link Mlp}. Version 1: the layer widths, the dropout probability, every parameter
 * (per layer, the weights output-major, then the biases) and the dropout generator's state: a
 * restored network draws the same dropout masks. These are also the fields that owners wrote
 * without an envelope before this codec existed (DriftMoE's codec up to its version 4).
 *
 * <pre>{@code
 * byte[] bytes = new MlpCodec().encode(router);
 * Mlp restored = new MlpCodec().decode(bytes);
 * }</pre>
 */
public final class MlpCodec implements ModelCodec<Mlp> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "mlp";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(Mlp net, DataOutput out) throws IOException {
        int[] sizes = net.sizes();
        out.writeInt(sizes.length);
        for (int s : sizes) {
            out.writeInt(s);
        }
        out.writeDouble(net.dropout());
        double[][] params = net.parameterArrays();
        int[][] at = Mlp.codecOrder(sizes);
        for (int p = 0; p < at[0].length; p++) {
            out.writeDouble(params[at[0][p]][at[1][p]]);
        }
        out.writeLong(net.generatorState());
    }

    @Override
    public Mlp read(int version, DataInput in) throws IOException {
        int[] sizes = new int[in.readInt()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = in.readInt();
        }
        double dropout = in.readDouble();
        double[][][] weights = new double[sizes.length - 1][][];
        double[][] biases = new double[sizes.length - 1][];
        for (int l = 0; l < sizes.length - 1; l++) {
            weights[l] = new double[sizes[l]][sizes[l + 1]];
            for (int k = 0; k < sizes[l] * sizes[l + 1]; k++) {
                weights[l][k % sizes[l]][k / sizes[l]] = in.readDouble();
            }
            biases[l] = new double[sizes[l + 1]];
            for (int k = 0; k < biases[l].length; k++) {
                biases[l][k] = in.readDouble();
            }
        }
        return new Mlp(sizes, dropout, weights, biases, new SplitMix64(in.readLong()));
    }
}
