package dev.streamlearn.operators.nn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A small fully connected network in plain Java with exact gradients: ReLU after every hidden
 * layer, optional (inverted) dropout after the first hidden layer, linear outputs (logits). Weights
 * are Xavier-uniform, biases zero, as PyTorch's {@code xavier_uniform_} and {@code zeros_}. The
 * network owns its random generator (dropout masks), which is part of its state.
 *
 * <pre>{@code
 * Mlp router = new Mlp(new int[] {3, 256, 128, 12}, 0.2, 42);
 * Mlp.Pass pass = router.forward(x, false);          // eval mode: no dropout
 * double[] logits = pass.output();
 * Mlp.Gradients g = router.zeroGradients();
 * router.backward(pass, dLogits, g);                  // accumulates dLoss/dParameters
 * }</pre>
 */
public final class Mlp {
    private final int[] sizes;
    private final double dropout;

    /**
     * weights[l][i * out + o]: from input i of layer l to its output o. Stored input-major so that
     * the forward pass adds one input's contribution to every output at once (an AXPY the JIT
     * vectorises), each output's sum still taken in input order; the public index of a weight, in
     * {@link #weight}, the codec and the optimizer's state, stays output-major ({@code o * in +
     * i}).
     */
    private final double[][] weights;

    private final double[][] biases;
    private final SplitMix64 rng;

    /**
     * @param sizes layer widths, input first, output last; at least 2
     * @param dropout drop probability after the first hidden layer in training passes, in [0, 1)
     * @param seed seeds the initial weights and the dropout masks
     */
    public Mlp(int[] sizes, double dropout, long seed) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs an input and an output size");
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException(
                        "layer sizes must be positive: " + Arrays.toString(sizes));
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.sizes = sizes.clone();
        this.dropout = dropout;
        this.rng = new SplitMix64(seed);
        this.weights = new double[sizes.length - 1][];
        this.biases = new double[sizes.length - 1][];
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double bound = Math.sqrt(6.0 / (in + out));
            weights[l] = new double[in * out];
            for (int k = 0; k < weights[l].length; k++) {
                weights[l][stored(in, out, k)] = (rng.nextDouble() * 2 - 1) * bound;
            }
            biases[l] = new double[out];
        }
    }

    private Mlp(
            int[] sizes, double dropout, double[][] weights, double[][] biases, SplitMix64 rng) {
        this.sizes = sizes;
        this.dropout = dropout;
        this.weights = weights;
        this.biases = biases;
        this.rng = rng;
    }

    /**
     * The activations of one forward pass, kept for {@link #backward}.
     *
     * @param activations input, then each layer's output after ReLU (and dropout); the last entry
     *     is the logits
     * @param preActivations each layer's output before ReLU
     * @param masks the dropout scale per unit of the first hidden layer, or null
     */
    public record Pass(double[][] activations, double[][] preActivations, double[] masks) {
        public double[] output() {
            return activations[activations.length - 1];
        }
    }

    /** Runs the network; with {@code training} dropout is applied (and the generator advances). */
    public Pass forward(double[] x, boolean training) {
        if (x.length != sizes[0]) {
            throw new IllegalArgumentException(
                    "input has " + x.length + " values, the network expects " + sizes[0]);
        }
        int layers = sizes.length - 1;
        double[][] acts = new double[layers + 1][];
        double[][] pre = new double[layers][];
        double[] masks = null;
        acts[0] = x;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] z = affine(l, acts[l]);
            pre[l] = z;
            if (l == layers - 1) {
                acts[l + 1] = z;
            } else {
                double[] h = new double[out];
                for (int o = 0; o < out; o++) {
                    h[o] = z[o] > 0 ? z[o] : 0;
                }
                if (l == 0 && training && dropout > 0) {
                    masks = new double[out];
                    double keep = 1 - dropout;
                    for (int o = 0; o < out; o++) {
                        masks[o] = rng.nextDouble() < dropout ? 0 : 1 / keep;
                        h[o] *= masks[o];
                    }
                }
                acts[l + 1] = h;
            }
        }
        return new Pass(acts, pre, masks);
    }

    /**
     * {@code b + W a} of layer {@code l}: every output starts at its bias and adds the inputs'
     * products in input order, as a dot product per output would, so the numbers are the same; an
     * input of exactly 0 adds nothing but a signed zero, which no output can tell apart after the
     * ReLU or the logits' exponential, and is skipped (after a ReLU, about half of them).
     */
    private double[] affine(int l, double[] a) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] w = weights[l];
        double[] z = biases[l].clone();
        for (int i = 0; i < in; i++) {
            double ai = a[i];
            if (ai == 0) {
                continue;
            }
            int row = i * out;
            for (int o = 0; o < out; o++) {
                z[o] += w[row + o] * ai;
            }
        }
        return z;
    }

    /**
     * Where the weight with output-major index {@code k} of an {@code in x out} layer is stored.
     */
    static int stored(int in, int out, int k) {
        return (k % in) * out + k / in;
    }

    /** Gradients of every parameter, shaped like the network's. */
    public static final class Gradients {
        final double[][] weights;
        final double[][] biases;

        private final int[] sizes;

        Gradients(Mlp net) {
            sizes = net.sizes;
            weights = new double[net.weights.length][];
            biases = new double[net.biases.length][];
            for (int l = 0; l < weights.length; l++) {
                weights[l] = new double[net.weights[l].length];
                biases[l] = new double[net.biases[l].length];
            }
        }

        /** Multiplies every gradient by {@code factor} (e.g. 1/batch size). */
        public void scale(double factor) {
            for (int l = 0; l < weights.length; l++) {
                for (int k = 0; k < weights[l].length; k++) {
                    weights[l][k] *= factor;
                }
                for (int k = 0; k < biases[l].length; k++) {
                    biases[l][k] *= factor;
                }
            }
        }

        /** The gradient of {@link Mlp#weight}{@code (layer, index)}. */
        public double weight(int layer, int index) {
            return weights[layer][stored(sizes[layer], sizes[layer + 1], index)];
        }

        public double bias(int layer, int index) {
            return biases[layer][index];
        }
    }

    public Gradients zeroGradients() {
        return new Gradients(this);
    }

    /**
     * Adds to {@code g} the gradient of a loss whose gradient with respect to the logits is {@code
     * dOut}.
     */
    public void backward(Pass pass, double[] dOut, Gradients g) {
        int layers = sizes.length - 1;
        double[] delta = dOut.clone();
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] a = pass.activations()[l];
            double[] gw = g.weights[l];
            double[] gb = g.biases[l];
            // A zero delta adds a signed zero, which leaves a gradient as it is: a gradient starts
            // at +0 and a sum of non-zero terms is never -0. So every gradient gains exactly what
            // the output-major loops with their skip gave it, and the loops stay branch-free.
            for (int o = 0; o < out; o++) {
                gb[o] += delta[o];
            }
            for (int i = 0; i < in; i++) {
                double ai = a[i];
                int row = i * out;
                for (int o = 0; o < out; o++) {
                    gw[row + o] += delta[o] * ai;
                }
            }
            if (l == 0) {
                break;
            }
            double[] prev = backThroughWeights(l, delta);
            // through dropout (layer 1's output) and ReLU of layer l-1
            double[] z = pass.preActivations()[l - 1];
            double[] masks = l - 1 == 0 ? pass.masks() : null;
            for (int i = 0; i < in; i++) {
                double grad = z[i] > 0 ? prev[i] : 0;
                prev[i] = masks != null ? grad * masks[i] : grad;
            }
            delta = prev;
        }
    }

    /**
     * {@code W^T delta} of layer {@code l}: per input a dot product over the outputs in output
     * order, as before; four inputs at a time, so that four independent sums keep the
     * floating-point units busy instead of one chain of dependent additions.
     */
    private double[] backThroughWeights(int l, double[] delta) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] w = weights[l];
        double[] prev = new double[in];
        int i = 0;
        for (; i + 3 < in; i += 4) {
            int r0 = i * out;
            int r1 = r0 + out;
            int r2 = r1 + out;
            int r3 = r2 + out;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int o = 0; o < out; o++) {
                double d = delta[o];
                s0 += w[r0 + o] * d;
                s1 += w[r1 + o] * d;
                s2 += w[r2 + o] * d;
                s3 += w[r3 + o] * d;
            }
            prev[i] = s0;
            prev[i + 1] = s1;
            prev[i + 2] = s2;
            prev[i + 3] = s3;
        }
        for (; i < in; i++) {
            double sum = 0;
            int row = i * out;
            for (int o = 0; o < out; o++) {
                sum += w[row + o] * delta[o];
            }
            prev[i] = sum;
        }
        return prev;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** The parameter arrays, for optimizers and tests: weights of layer l, then its biases. */
    double[][] parameterArrays() {
        double[][] out = new double[weights.length * 2][];
        for (int l = 0; l < weights.length; l++) {
            out[2 * l] = weights[l];
            out[2 * l + 1] = biases[l];
        }
        return out;
    }

    static double[][] gradientArrays(Gradients g) {
        double[][] out = new double[g.weights.length * 2][];
        for (int l = 0; l < g.weights.length; l++) {
            out[2 * l] = g.weights[l];
            out[2 * l + 1] = g.biases[l];
        }
        return out;
    }

    /** The weight from input {@code index % in} to output {@code index / in} of a layer. */
    public double weight(int layer, int index) {
        return weights[layer][stored(sizes[layer], sizes[layer + 1], index)];
    }

    public void setWeight(int layer, int index, double value) {
        weights[layer][stored(sizes[layer], sizes[layer + 1], index)] = value;
    }

    /**
     * Where the element with output-major index {@code k} of parameter array {@code array} (as
     * {@link #parameterArrays} orders them) is stored; optimizers write their state in that order.
     */
    int storedIndex(int array, int k) {
        if (array % 2 == 1) {
            return k;
        }
        int l = array / 2;
        return stored(sizes[l], sizes[l + 1], k);
    }

    public double bias(int layer, int index) {
        return biases[layer][index];
    }

    public void setBias(int layer, int index, double value) {
        biases[layer][index] = value;
    }

    /** Number of trainable parameters. */
    public int parameterCount() {
        int n = 0;
        for (int l = 0; l < weights.length; l++) {
            n += weights[l].length + biases[l].length;
        }
        return n;
    }

    public long estimatedBytes() {
        return 8L * parameterCount() + 64;
    }

    /** Writes sizes, dropout, parameters and the generator's state. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(sizes.length);
        for (int s : sizes) {
            out.writeInt(s);
        }
        out.writeDouble(dropout);
        double[][] params = parameterArrays();
        for (int k = 0; k < params.length; k++) {
            for (int c = 0; c < params[k].length; c++) {
                out.writeDouble(params[k][storedIndex(k, c)]);
            }
        }
        out.writeLong(rng.state());
    }

    public static Mlp read(DataInput in) throws IOException {
        int[] sizes = new int[in.readInt()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = in.readInt();
        }
        double dropout = in.readDouble();
        double[][] weights = new double[sizes.length - 1][];
        double[][] biases = new double[sizes.length - 1][];
        for (int l = 0; l < sizes.length - 1; l++) {
            weights[l] = new double[sizes[l] * sizes[l + 1]];
            for (int k = 0; k < weights[l].length; k++) {
                weights[l][stored(sizes[l], sizes[l + 1], k)] = in.readDouble();
            }
            biases[l] = new double[sizes[l + 1]];
            for (int k = 0; k < biases[l].length; k++) {
                biases[l][k] = in.readDouble();
            }
        }
        return new Mlp(sizes, dropout, weights, biases, new SplitMix64(in.readLong()));
    }
}
