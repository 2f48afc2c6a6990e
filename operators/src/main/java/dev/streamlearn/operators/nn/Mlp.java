package dev.streamlearn.operators.nn;

import java.util.Arrays;
import java.util.List;

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
     * weights[l][i][o]: from input i of layer l to its output o, one array per input, so that the
     * forward pass adds one input's contribution to every output at once, an AXPY whose load and
     * store share an index, as the JIT's auto-vectorisation needs; each output's sum is still taken
     * in input order. The public index of a weight, in {@link #weight}, the codec and the
     * optimizer's state, stays output-major ({@code o * in + i}).
     */
    private final double[][][] weights;

    private final double[][] biases;
    private final SplitMix64 rng;

    /** Output-major copies of the weights for the batched backward pass; scratch, not state. */
    private final double[][][] transposed;

    /** The terms of the AXPYs under way; scratch, not state. */
    private final Terms terms = new Terms();

    /** Per-instance rows of the batched backward pass; scratch, not state. */
    private final double[][][] scratch = {new double[0][], new double[0][]};

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
        this.weights = new double[sizes.length - 1][][];
        this.biases = new double[sizes.length - 1][];
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double bound = Math.sqrt(6.0 / (in + out));
            weights[l] = new double[in][out];
            for (int k = 0; k < in * out; k++) {
                weights[l][k % in][k / in] = (rng.nextDouble() * 2 - 1) * bound;
            }
            biases[l] = new double[out];
        }
        this.transposed = new double[sizes.length - 1][][];
    }

    /**
     * A network with the given parameters (laid out as the fields) and generator, for its codec.
     */
    Mlp(int[] sizes, double dropout, double[][][] weights, double[][] biases, SplitMix64 rng) {
        this.sizes = sizes;
        this.dropout = dropout;
        this.weights = weights;
        this.biases = biases;
        this.rng = rng;
        this.transposed = new double[sizes.length - 1][][];
    }

    /**
     * The activations of one forward pass, kept for {@link #backward}. A pass made by {@link
     * #newPass} is reused: each {@link #forward(double[], boolean, Pass)} into it overwrites its
     * arrays, so that a step allocates nothing.
     */
    public static final class Pass {
        private final double[][] activations;
        private final double[][] preActivations;
        private final double[] maskBuffer;
        private boolean masked;

        private Pass(int[] sizes, boolean dropout) {
            int layers = sizes.length - 1;
            activations = new double[layers + 1][];
            preActivations = new double[layers][];
            for (int l = 0; l < layers; l++) {
                preActivations[l] = new double[sizes[l + 1]];
                activations[l + 1] = l == layers - 1 ? preActivations[l] : new double[sizes[l + 1]];
            }
            maskBuffer = dropout && layers > 1 ? new double[sizes[1]] : null;
        }

        /**
         * The input (the caller's array, not a copy), then each layer's output after ReLU (and
         * dropout); the last entry is the logits.
         */
        public double[][] activations() {
            return activations;
        }

        /** Each layer's output before ReLU. */
        public double[][] preActivations() {
            return preActivations;
        }

        /** The dropout scale per unit of the first hidden layer, or null in an eval pass. */
        public double[] masks() {
            return masked ? maskBuffer : null;
        }

        public double[] output() {
            return activations[activations.length - 1];
        }
    }

    /** A pass to run {@link #forward(double[], boolean, Pass)} into, again and again. */
    public Pass newPass() {
        return new Pass(sizes, dropout > 0);
    }

    /** Runs the network; with {@code training} dropout is applied (and the generator advances). */
    public Pass forward(double[] x, boolean training) {
        return forward(x, training, newPass());
    }

    /**
     * As {@link #forward(double[], boolean)}, into {@code pass} (made by this network's {@link
     * #newPass}); returns it. The pass keeps a reference to {@code x}.
     */
    public Pass forward(double[] x, boolean training, Pass pass) {
        if (x.length != sizes[0]) {
            throw new IllegalArgumentException(
                    "input has " + x.length + " values, the network expects " + sizes[0]);
        }
        int layers = sizes.length - 1;
        double[][] acts = pass.activations;
        acts[0] = x;
        pass.masked = false;
        for (int l = 0; l < layers; l++) {
            double[] z = pass.preActivations[l];
            affine(l, acts[l], z);
            if (l < layers - 1) {
                double[] h = acts[l + 1];
                for (int o = 0; o < h.length; o++) {
                    h[o] = z[o] > 0 ? z[o] : 0;
                }
                if (l == 0 && training && dropout > 0) {
                    drop(h, pass.maskBuffer);
                    pass.masked = true;
                }
            }
        }
        return pass;
    }

    /** Inverted dropout of the first hidden layer's units {@code h}, masks drawn in unit order. */
    private void drop(double[] h, double[] masks) {
        double keep = 1 - dropout;
        for (int o = 0; o < h.length; o++) {
            masks[o] = rng.nextDouble() < dropout ? 0 : 1 / keep;
            h[o] *= masks[o];
        }
    }

    /**
     * {@code z = b + W a} of layer {@code l}: every output starts at its bias and adds the inputs'
     * products in input order, as a dot product per output would, so the numbers are the same; an
     * input of exactly 0 adds nothing but a signed zero, which no output can tell apart after the
     * ReLU or the logits' exponential, and is skipped (after a ReLU, about half of them).
     */
    private void affine(int l, double[] a, double[] z) {
        int in = sizes[l];
        int out = sizes[l + 1];
        System.arraycopy(biases[l], 0, z, 0, out);
        Terms t = terms;
        t.clear(in);
        for (int i = 0; i < in; i++) {
            if (a[i] != 0) {
                t.add(weights[l][i], a[i]);
            }
        }
        t.addTo(z, out);
    }

    /** Gradients of every parameter, shaped like the network's. */
    public static final class Gradients {
        final double[][][] weights;
        final double[][] biases;

        private final int[] sizes;

        Gradients(Mlp net) {
            sizes = net.sizes;
            weights = new double[net.weights.length][][];
            biases = new double[net.biases.length][];
            for (int l = 0; l < weights.length; l++) {
                weights[l] = new double[sizes[l]][sizes[l + 1]];
                biases[l] = new double[sizes[l + 1]];
            }
        }

        /** Sets every gradient to +0, as {@link Mlp#zeroGradients} makes them. */
        public void clear() {
            for (int l = 0; l < weights.length; l++) {
                for (double[] row : weights[l]) {
                    Arrays.fill(row, 0.0);
                }
                Arrays.fill(biases[l], 0.0);
            }
        }

        /** Multiplies every gradient by {@code factor} (e.g. 1/batch size). */
        public void scale(double factor) {
            for (int l = 0; l < weights.length; l++) {
                for (double[] row : weights[l]) {
                    for (int o = 0; o < row.length; o++) {
                        row[o] *= factor;
                    }
                }
                for (int k = 0; k < biases[l].length; k++) {
                    biases[l][k] *= factor;
                }
            }
        }

        /** The gradient of {@link Mlp#weight}{@code (layer, index)}. */
        public double weight(int layer, int index) {
            return weights[layer][index % sizes[layer]][index / sizes[layer]];
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
        backward(List.of(pass), List.of(dOut), g);
    }

    /**
     * Adds to {@code g} the gradients of a batch: exactly what {@link #backward(Pass, double[],
     * Gradients)} for each pass in order would add, bit for bit (each parameter's gradient sums the
     * instances in the same order), but layer by layer over the whole batch, so that a row of
     * weights or gradients stays in cache while every instance uses it.
     */
    public void backward(List<Pass> passes, List<double[]> dOuts, Gradients g) {
        int batch = passes.size();
        if (dOuts.size() != batch) {
            throw new IllegalArgumentException(
                    batch + " passes but " + dOuts.size() + " output gradients");
        }
        int layers = sizes.length - 1;
        double[][] delta = workspace(0, batch);
        double[][] prev = workspace(1, batch);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dOuts.get(b), 0, delta[b], 0, sizes[layers]);
        }
        double[][] a = new double[batch][];
        for (int l = layers - 1; l >= 0; l--) {
            for (int b = 0; b < batch; b++) {
                a[b] = passes.get(b).activations[l];
            }
            accumulate(l, a, delta, batch, g);
            if (l == 0) {
                break;
            }
            backThroughWeights(l, delta, prev, batch);
            for (int b = 0; b < batch; b++) {
                throughReluAndDropout(passes.get(b), l - 1, prev[b]);
            }
            double[][] swap = delta;
            delta = prev;
            prev = swap;
        }
    }

    /**
     * Adds the batch's gradients of layer {@code l}. Per input, the instances in order; an input of
     * exactly 0 adds a signed zero, which leaves a gradient as it is (a gradient starts at +0 and a
     * sum of non-zero terms is never -0), and is skipped: after a ReLU, about half of them.
     */
    private void accumulate(int l, double[][] a, double[][] delta, int batch, Gradients g) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] gb = g.biases[l];
        for (int b = 0; b < batch; b++) {
            double[] d = delta[b];
            for (int o = 0; o < out; o++) {
                gb[o] += d[o];
            }
        }
        double[][] gw = g.weights[l];
        Terms t = terms;
        for (int i = 0; i < in; i++) {
            t.clear(batch);
            for (int b = 0; b < batch; b++) {
                if (a[b][i] != 0) {
                    t.add(delta[b], a[b][i]);
                }
            }
            t.addTo(gw[i], out);
        }
    }

    /** Through the ReLU of layer {@code l} and, on layer 0 of a training pass, its dropout. */
    private static void throughReluAndDropout(Pass pass, int l, double[] grad) {
        double[] z = pass.preActivations[l];
        double[] masks = l == 0 ? pass.masks() : null;
        for (int i = 0; i < z.length; i++) {
            double gi = z[i] > 0 ? grad[i] : 0;
            grad[i] = masks != null ? gi * masks[i] : gi;
        }
    }

    /**
     * Batches from this size on take {@code W^T delta} from an output-major copy of the weights,
     * made once per batch: below it, the copy costs more than it saves.
     */
    static final int TRANSPOSED_BATCH = 4;

    /**
     * {@code prev[b] = W^T delta[b]} of layer {@code l} for each instance: per input, a sum over
     * the outputs in output order, as a dot product per input takes it.
     */
    private void backThroughWeights(int l, double[][] delta, double[][] prev, int batch) {
        if (batch < TRANSPOSED_BATCH) {
            for (int b = 0; b < batch; b++) {
                dotProducts(l, delta[b], prev[b]);
            }
            return;
        }
        double[][] wt = transposed(l);
        for (int b = 0; b < batch; b++) {
            axpys(l, wt, delta[b], prev[b]);
        }
    }

    /**
     * {@code W^T delta} as one AXPY per output over the inputs (vectorised by the JIT), from the
     * output-major weights {@code wt}: each input's sum starts at +0 and adds the outputs in order.
     * An output whose delta is exactly 0 (a unit the ReLU cut) adds a signed zero, which leaves a
     * sum that started at +0 as it is, and is skipped.
     */
    private void axpys(int l, double[][] wt, double[] delta, double[] prev) {
        int in = sizes[l];
        int out = sizes[l + 1];
        Arrays.fill(prev, 0, in, 0.0);
        Terms t = terms;
        t.clear(out);
        for (int o = 0; o < out; o++) {
            if (delta[o] != 0) {
                t.add(wt[o], delta[o]);
            }
        }
        t.addTo(prev, in);
    }

    /**
     * {@code W^T delta} as a dot product per input over the outputs in output order, four inputs at
     * a time, so that four independent sums keep the floating-point units busy.
     */
    private void dotProducts(int l, double[] delta, double[] prev) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[][] w = weights[l];
        int i = 0;
        for (; i + 3 < in; i += 4) {
            double[] w0 = w[i];
            double[] w1 = w[i + 1];
            double[] w2 = w[i + 2];
            double[] w3 = w[i + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int o = 0; o < out; o++) {
                double d = delta[o];
                s0 += w0[o] * d;
                s1 += w1[o] * d;
                s2 += w2[o] * d;
                s3 += w3[o] * d;
            }
            prev[i] = s0;
            prev[i + 1] = s1;
            prev[i + 2] = s2;
            prev[i + 3] = s3;
        }
        for (; i < in; i++) {
            double sum = 0;
            for (int o = 0; o < out; o++) {
                sum += w[i][o] * delta[o];
            }
            prev[i] = sum;
        }
    }

    /** The weights of layer {@code l} output-major ({@code [o][i]}), into reused arrays. */
    private double[][] transposed(int l) {
        int in = sizes[l];
        int out = sizes[l + 1];
        if (transposed[l] == null) {
            transposed[l] = new double[out][in];
        }
        double[][] w = weights[l];
        double[][] wt = transposed[l];
        for (int i = 0; i < in; i++) {
            double[] row = w[i];
            for (int o = 0; o < out; o++) {
                wt[o][i] = row[o];
            }
        }
        return wt;
    }

    /**
     * Scratch rows for {@code batch} instances, as wide as the widest layer: set {@code 0} holds
     * the deltas, set {@code 1} the next layer's. Reused from call to call; not part of the state.
     */
    private double[][] workspace(int set, int batch) {
        if (scratch[set].length < batch) {
            int width = Arrays.stream(sizes).max().orElseThrow();
            double[][] grown = Arrays.copyOf(scratch[set], batch);
            for (int b = scratch[set].length; b < batch; b++) {
                grown[b] = new double[width];
            }
            scratch[set] = grown;
        }
        return scratch[set];
    }

    /**
     * A list of scaled rows to add to a vector, {@code y[j] += row_k[j] * scale_k} for each term
     * {@code k} in order: each element of {@code y} adds the terms in the order of the list, as one
     * AXPY per term would, but four terms per pass over {@code y} ({@code ((y + p0) + p1) + ...},
     * Java's left-to-right order), so that {@code y} is loaded and stored once per four terms.
     * Every row starts at index 0, as {@code y} does: C2 (JDK 17) vectorises a loop whose loads and
     * store share their index, not one whose offsets differ (the arrays might be one and the same);
     * measured, 0.10 against 0.29 ns per multiply-add.
     */
    private static final class Terms {
        private double[][] rows = new double[0][];
        private double[] scales = new double[0];
        private int count;

        /** Empties the list, with room for {@code capacity} terms. */
        void clear(int capacity) {
            if (rows.length < capacity) {
                rows = new double[capacity][];
                scales = new double[capacity];
            }
            count = 0;
        }

        void add(double[] row, double scale) {
            rows[count] = row;
            scales[count] = scale;
            count++;
        }

        /** Adds every term to {@code y[0 .. n)}. */
        void addTo(double[] y, int n) {
            int k = 0;
            for (; k + 3 < count; k += 4) {
                double[] x0 = rows[k];
                double[] x1 = rows[k + 1];
                double[] x2 = rows[k + 2];
                double[] x3 = rows[k + 3];
                double s0 = scales[k];
                double s1 = scales[k + 1];
                double s2 = scales[k + 2];
                double s3 = scales[k + 3];
                for (int j = 0; j < n; j++) {
                    y[j] = y[j] + x0[j] * s0 + x1[j] * s1 + x2[j] * s2 + x3[j] * s3;
                }
            }
            for (; k < count; k++) {
                double[] x = rows[k];
                double s = scales[k];
                for (int j = 0; j < n; j++) {
                    y[j] += x[j] * s;
                }
            }
        }
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /**
     * The parameter arrays, for optimizers: per layer, its weights one array per input, then its
     * biases.
     */
    double[][] parameterArrays() {
        return flatten(weights, biases);
    }

    static double[][] gradientArrays(Gradients g) {
        return flatten(g.weights, g.biases);
    }

    private static double[][] flatten(double[][][] weights, double[][] biases) {
        int n = 0;
        for (double[][] w : weights) {
            n += w.length + 1;
        }
        double[][] out = new double[n][];
        int k = 0;
        for (int l = 0; l < weights.length; l++) {
            for (double[] row : weights[l]) {
                out[k++] = row;
            }
            out[k++] = biases[l];
        }
        return out;
    }

    /**
     * Zeroed arrays shaped as {@link #parameterArrays} of a network with layer widths {@code
     * sizes}.
     */
    static double[][] zeroParameterArrays(int[] sizes) {
        double[][] out = new double[parameterArrayCount(sizes)][];
        int k = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            for (int i = 0; i <= sizes[l]; i++) {
                out[k++] = new double[sizes[l + 1]];
            }
        }
        return out;
    }

    private static int parameterArrayCount(int[] sizes) {
        int n = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            n += sizes[l] + 1;
        }
        return n;
    }

    /**
     * Where each parameter of {@link #parameterArrays} of a network with layer widths {@code sizes}
     * is, in the codec's order (per layer, the weights output-major, then the biases): {@code
     * [0][p]} the array, {@code [1][p]} the index.
     */
    static int[][] codecOrder(int[] sizes) {
        int[][] at = new int[2][parameterCount(sizes)];
        int p = 0;
        int first = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            for (int k = 0; k < in * out; k++, p++) {
                at[0][p] = first + k % in;
                at[1][p] = k / in;
            }
            for (int o = 0; o < out; o++, p++) {
                at[0][p] = first + in;
                at[1][p] = o;
            }
            first += in + 1;
        }
        return at;
    }

    /** The weight from input {@code index % in} to output {@code index / in} of a layer. */
    public double weight(int layer, int index) {
        return weights[layer][index % sizes[layer]][index / sizes[layer]];
    }

    public void setWeight(int layer, int index, double value) {
        weights[layer][index % sizes[layer]][index / sizes[layer]] = value;
    }

    public double bias(int layer, int index) {
        return biases[layer][index];
    }

    public void setBias(int layer, int index, double value) {
        biases[layer][index] = value;
    }

    /** Number of trainable parameters. */
    public int parameterCount() {
        return parameterCount(sizes);
    }

    private static int parameterCount(int[] sizes) {
        int n = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            n += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return n;
    }

    /** The layer widths, input first, output last. */
    int[] sizes() {
        return sizes.clone();
    }

    /** The drop probability after the first hidden layer in training passes. */
    double dropout() {
        return dropout;
    }

    /** The state of the dropout generator, for the codec. */
    long generatorState() {
        return rng.state();
    }

    public long estimatedBytes() {
        return 8L * parameterCount() + 64;
    }
}
