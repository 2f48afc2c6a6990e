package dev.streamlearn.operators.nn;

import java.util.Arrays;

/**
 * The stream-x network (Elsayed, Vasan and Mahmood, "Streaming Deep Reinforcement Learning Finally
 * Works", 2024): every hidden layer is {@code Linear -> LayerNorm -> LeakyReLU}, the output layer a
 * plain {@code Linear}. LayerNorm has no learnable affine parameters (epsilon 1e-5, biased
 * variance); the leaky slope is 0.01, also at exactly 0 (PyTorch's derivative). Weights start with
 * {@link #sparseInit sparse initialisation}, biases at 0.
 *
 * <p>All parameters live in one flat array ({@link #parameters()}), so that an optimizer such as
 * {@link ObGD} keeps one trace array per network. Forward and backward passes write into a reusable
 * {@link Pass}: nothing is allocated per step.
 *
 * <pre>{@code
 * LayerNormNet q = new LayerNormNet(new int[] {5, 32, 32, 2}, new SplitMix64(1));
 * LayerNormNet.Pass pass = q.newPass();
 * double[] values = q.forward(state, pass);            // pass.output(), valid until the next forward
 * double[] grad = new double[q.parameterCount()];
 * q.backward(pass, new double[] {0, 1}, grad);          // adds d(q[1])/d(parameters) to grad
 * }</pre>
 */
public final class LayerNormNet {
    /** LayerNorm's epsilon, PyTorch's default. */
    public static final double LAYER_NORM_EPS = 1e-5;

    /** The slope of LeakyReLU for negative inputs, PyTorch's default. */
    public static final double LEAKY_SLOPE = 0.01;

    /** The fraction of each weight row set to 0 by {@link #sparseInit}. */
    public static final double SPARSITY = 0.9;

    private final int[] sizes;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final double[] params;

    /**
     * A network with sparse initial weights (see {@link #sparseInit}) drawn from {@code rng}.
     *
     * @param sizes layer widths, input first, output last; at least 2 (no hidden layer: one Linear)
     */
    public LayerNormNet(int[] sizes, SplitMix64 rng) {
        this(sizes, new double[countParameters(validate(sizes))]);
        for (int l = 0; l < sizes.length - 1; l++) {
            sparseInit(params, weightOffset[l], sizes[l + 1], sizes[l], SPARSITY, rng);
        }
    }

    private LayerNormNet(int[] sizes, double[] params) {
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        int k = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = k;
            k += sizes[l] * sizes[l + 1];
            biasOffset[l] = k;
            k += sizes[l + 1];
        }
        if (k != params.length) {
            throw new IllegalArgumentException(
                    "a network of sizes "
                            + Arrays.toString(sizes)
                            + " has "
                            + k
                            + " parameters, got "
                            + params.length);
        }
        this.params = params;
    }

    /** A network with the given parameters (laid out as {@link #parameters()} describes). */
    public static LayerNormNet of(int[] sizes, double[] params) {
        return new LayerNormNet(validate(sizes), params.clone());
    }

    private static int[] validate(int[] sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException(
                    "a network needs an input and an output size, got " + Arrays.toString(sizes));
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException(
                        "layer sizes must be positive: " + Arrays.toString(sizes));
            }
        }
        return sizes;
    }

    private static int countParameters(int[] sizes) {
        int n = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            n += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return n;
    }

    /**
     * The reference's sparse initialisation of one {@code out x in} weight matrix (row-major at
     * {@code offset}): every weight uniform in {@code [-sqrt(1/in), sqrt(1/in))}, then in each row
     * exactly {@code ceil(sparsity * in)} distinct, randomly chosen entries set to 0. With sparsity
     * 0.9 and {@code in <= 9} every entry is 0: a quirk of the reference that is kept.
     */
    public static void sparseInit(
            double[] weights, int offset, int out, int in, double sparsity, SplitMix64 rng) {
        double bound = Math.sqrt(1.0 / in);
        for (int k = 0; k < out * in; k++) {
            weights[offset + k] = (rng.nextDouble() * 2 - 1) * bound;
        }
        int zeros = (int) Math.ceil(sparsity * in);
        int[] index = new int[in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                index[i] = i;
            }
            // the first `zeros` entries of a partial Fisher-Yates shuffle: a uniform random subset
            for (int i = 0; i < zeros; i++) {
                int j = i + (int) (rng.nextDouble() * (in - i));
                int t = index[i];
                index[i] = index[j];
                index[j] = t;
                weights[offset + o * in + index[i]] = 0;
            }
        }
    }

    /**
     * The activations of one forward pass, kept for {@link #backward}, and the scratch space of the
     * backward pass. Create one per input that must stay alive ({@link #newPass()}) and reuse it.
     */
    public static final class Pass {
        final double[] input;

        /** Per hidden layer: the normalised pre-activation, its 1/std and the activation. */
        final double[][] normalised;

        final double[] invStd;
        final double[][] hidden;
        final double[] output;
        final double[][] scratch;

        Pass(int[] sizes) {
            int hiddenLayers = sizes.length - 2;
            input = new double[sizes[0]];
            normalised = new double[hiddenLayers][];
            hidden = new double[hiddenLayers][];
            scratch = new double[hiddenLayers][];
            invStd = new double[hiddenLayers];
            for (int l = 0; l < hiddenLayers; l++) {
                normalised[l] = new double[sizes[l + 1]];
                hidden[l] = new double[sizes[l + 1]];
                scratch[l] = new double[sizes[l + 1]];
            }
            output = new double[sizes[sizes.length - 1]];
        }

        /** The network's output of the last {@link #forward} into this pass. */
        public double[] output() {
            return output;
        }
    }

    public Pass newPass() {
        return new Pass(sizes);
    }

    /**
     * Runs the network on {@code x} (copied into the pass) and returns {@code pass.output()}.
     *
     * @throws IllegalArgumentException if {@code x} does not have {@link #inputSize()} values
     */
    public double[] forward(double[] x, Pass pass) {
        if (x.length != sizes[0]) {
            throw new IllegalArgumentException(
                    "input has " + x.length + " values, the network expects " + sizes[0]);
        }
        System.arraycopy(x, 0, pass.input, 0, x.length);
        int layers = sizes.length - 1;
        double[] a = pass.input;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            boolean last = l == layers - 1;
            double[] z = last ? pass.output : pass.normalised[l];
            int w = weightOffset[l];
            int b = biasOffset[l];
            for (int o = 0; o < out; o++) {
                double sum = params[b + o];
                int row = w + o * in;
                for (int i = 0; i < in; i++) {
                    sum += params[row + i] * a[i];
                }
                z[o] = sum;
            }
            if (last) {
                break;
            }
            double mean = 0;
            for (int o = 0; o < out; o++) {
                mean += z[o];
            }
            mean /= out;
            double var = 0;
            for (int o = 0; o < out; o++) {
                double d = z[o] - mean;
                var += d * d;
            }
            var /= out;
            double inv = 1 / Math.sqrt(var + LAYER_NORM_EPS);
            pass.invStd[l] = inv;
            double[] h = pass.hidden[l];
            for (int o = 0; o < out; o++) {
                double y = (z[o] - mean) * inv;
                z[o] = y;
                h[o] = y > 0 ? y : LEAKY_SLOPE * y;
            }
            a = h;
        }
        return pass.output;
    }

    /**
     * Adds to {@code grad} (laid out as {@link #parameters()}) the gradient of a scalar whose
     * gradient with respect to the output of {@code pass} is {@code dOut}. Neither {@code dOut} nor
     * the pass's activations are modified.
     */
    public void backward(Pass pass, double[] dOut, double[] grad) {
        int layers = sizes.length - 1;
        double[] d = dOut;
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] a = l == 0 ? pass.input : pass.hidden[l - 1];
            int w = weightOffset[l];
            int b = biasOffset[l];
            for (int o = 0; o < out; o++) {
                double g = d[o];
                grad[b + o] += g;
                if (g == 0) {
                    continue;
                }
                int row = w + o * in;
                for (int i = 0; i < in; i++) {
                    grad[row + i] += g * a[i];
                }
            }
            if (l == 0) {
                break;
            }
            // through the weights into the previous hidden layer's activation
            double[] dh = pass.scratch[l - 1];
            Arrays.fill(dh, 0);
            for (int o = 0; o < out; o++) {
                double g = d[o];
                if (g == 0) {
                    continue;
                }
                int row = w + o * in;
                for (int i = 0; i < in; i++) {
                    dh[i] += params[row + i] * g;
                }
            }
            // through LeakyReLU and the affine-free LayerNorm:
            // dz = invStd * (dy - mean(dy) - y * mean(dy * y))
            double[] y = pass.normalised[l - 1];
            double meanDy = 0;
            double meanDyY = 0;
            for (int i = 0; i < in; i++) {
                double dy = y[i] > 0 ? dh[i] : LEAKY_SLOPE * dh[i];
                dh[i] = dy;
                meanDy += dy;
                meanDyY += dy * y[i];
            }
            meanDy /= in;
            meanDyY /= in;
            double inv = pass.invStd[l - 1];
            for (int i = 0; i < in; i++) {
                dh[i] = inv * (dh[i] - meanDy - y[i] * meanDyY);
            }
            d = dh;
        }
    }

    /**
     * The live parameter array: for each layer its weights ({@code out x in}, row-major: index
     * {@code o * in + i} from input i to output o, PyTorch's {@code Linear.weight} layout), then
     * its biases. Optimizers update it in place.
     */
    public double[] parameters() {
        return params;
    }

    public int parameterCount() {
        return params.length;
    }

    /** Index in {@link #parameters()} of the weight of layer {@code l} from input i to output o. */
    public int weightIndex(int l, int o, int i) {
        return weightOffset[l] + o * sizes[l] + i;
    }

    /** Index in {@link #parameters()} of the bias of output o of layer {@code l}. */
    public int biasIndex(int l, int o) {
        return biasOffset[l] + o;
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    public long estimatedBytes() {
        return 8L * params.length + 16L * sizes.length + 64;
    }
}
