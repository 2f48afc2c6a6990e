package dev.streamlearn.operators.nn;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link LayerNormNet}. Version 1: the layer widths, then every parameter in the order
 * of {@link LayerNormNet#parameters()}. These are also the fields that the stream-x agents' codecs
 * wrote without an envelope before this codec existed (their version 1).
 *
 * <pre>{@code
 * byte[] bytes = new LayerNormNetCodec().encode(net);
 * LayerNormNet restored = new LayerNormNetCodec().decode(bytes);
 * }</pre>
 */
public final class LayerNormNetCodec implements ModelCodec<LayerNormNet> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "layer-norm-net";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(LayerNormNet net, DataOutput out) throws IOException {
        int[] sizes = net.sizes();
        out.writeInt(sizes.length);
        for (int s : sizes) {
            out.writeInt(s);
        }
        for (double p : net.parameters()) {
            out.writeDouble(p);
        }
    }

    @Override
    public LayerNormNet read(int version, DataInput in) throws IOException {
        int[] sizes = new int[in.readInt()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = in.readInt();
        }
        int count = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            count += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        double[] params = new double[count];
        for (int k = 0; k < params.length; k++) {
            params[k] = in.readDouble();
        }
        return LayerNormNet.of(sizes, params);
    }
}
