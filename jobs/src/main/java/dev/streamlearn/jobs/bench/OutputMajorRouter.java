package dev.streamlearn.jobs.bench;

import dev.streamlearn.operators.nn.Mlp;

/**
 * The DriftMoE router's arithmetic as it was before the speed work (commit f73bc76): weights stored
 * output-major, the forward pass a dot product per output (bias first), one backward pass per
 * instance, the mini-batch step running every forward pass again, Adam as PyTorch's. Not a model:
 * {@code bench router} times it as the "before", and the tests hold {@link Mlp} and {@link
 * dev.streamlearn.operators.nn.Adam} to its numbers bit for bit.
 */
public final class OutputMajorRouter {
    private final int[] sizes;
    private final double[][] weights;
    private final double[][] biases;
    private final double[][] gradW;
    private final double[][] gradB;
    private final double[][][] moments;
    private final double lr;
    private long t;

    /** A copy of {@code net}'s parameters, trained with Adam at {@code lr} (betas 0.9, 0.999). */
    public OutputMajorRouter(Mlp net, int[] sizes, double lr) {
        this.sizes = sizes.clone();
        this.lr = lr;
        int layers = sizes.length - 1;
        weights = new double[layers][];
        biases = new double[layers][];
        gradW = new double[layers][];
        gradB = new double[layers][];
        moments = new double[4][layers][];
        for (int l = 0; l < layers; l++) {
            weights[l] = new double[sizes[l] * sizes[l + 1]];
            for (int k = 0; k < weights[l].length; k++) {
                weights[l][k] = net.weight(l, k);
            }
            biases[l] = new double[sizes[l + 1]];
            for (int o = 0; o < biases[l].length; o++) {
                biases[l][o] = net.bias(l, o);
            }
            gradW[l] = new double[weights[l].length];
            gradB[l] = new double[biases[l].length];
            moments[0][l] = new double[weights[l].length];
            moments[1][l] = new double[weights[l].length];
            moments[2][l] = new double[biases[l].length];
            moments[3][l] = new double[biases[l].length];
        }
    }

    /**
     * One forward pass.
     *
     * @param activations input, then each layer's output after ReLU (and dropout)
     * @param preActivations each layer's output before ReLU
     */
    public record Pass(double[][] activations, double[][] preActivations, double[] masks) {
        public double[] output() {
            return activations[activations.length - 1];
        }
    }

    /** Runs the network; {@code masks} (or null) scale the first hidden layer's units. */
    public Pass forward(double[] x, double[] masks) {
        int layers = sizes.length - 1;
        double[][] acts = new double[layers + 1][];
        double[][] pre = new double[layers][];
        acts[0] = x;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            double[] z = new double[sizes[l + 1]];
            for (int o = 0; o < z.length; o++) {
                double sum = biases[l][o];
                for (int i = 0; i < in; i++) {
                    sum += weights[l][o * in + i] * acts[l][i];
                }
                z[o] = sum;
            }
            pre[l] = z;
            acts[l + 1] = l == layers - 1 ? z : relu(z, l == 0 ? masks : null);
        }
        return new Pass(acts, pre, masks);
    }

    private static double[] relu(double[] z, double[] masks) {
        double[] h = new double[z.length];
        for (int o = 0; o < z.length; o++) {
            h[o] = z[o] > 0 ? z[o] : 0;
            if (masks != null) {
                h[o] *= masks[o];
            }
        }
        return h;
    }

    /** Adds the gradient of one instance with output gradient {@code dOut} to the gradients. */
    public void backward(Pass pass, double[] dOut) {
        double[] delta = dOut.clone();
        for (int l = sizes.length - 2; l >= 0; l--) {
            int in = sizes[l];
            double[] a = pass.activations()[l];
            double[] prev = new double[in];
            for (int o = 0; o < sizes[l + 1]; o++) {
                double d = delta[o];
                if (d == 0) {
                    continue;
                }
                gradB[l][o] += d;
                for (int i = 0; i < in; i++) {
                    gradW[l][o * in + i] += d * a[i];
                    prev[i] += weights[l][o * in + i] * d;
                }
            }
            double[] z = l > 0 ? pass.preActivations()[l - 1] : null;
            double[] masks = l == 1 ? pass.masks() : null;
            for (int i = 0; l > 0 && i < in; i++) {
                double grad = z[i] > 0 ? prev[i] : 0;
                prev[i] = masks != null ? grad * masks[i] : grad;
            }
            delta = prev;
        }
    }

    /**
     * The gradients so far times {@code factor}, then one Adam step; the gradients restart at 0.
     */
    public void step(double factor) {
        t++;
        double c1 = 1 - Math.pow(0.9, t);
        double c2 = 1 - Math.pow(0.999, t);
        for (int l = 0; l < weights.length; l++) {
            adam(weights[l], gradW[l], moments[0][l], moments[1][l], factor, c1, c2);
            adam(biases[l], gradB[l], moments[2][l], moments[3][l], factor, c1, c2);
        }
    }

    private void adam(
            double[] p, double[] g, double[] m, double[] v, double factor, double c1, double c2) {
        for (int i = 0; i < p.length; i++) {
            double gi = g[i] * factor;
            m[i] = 0.9 * m[i] + (1 - 0.9) * gi;
            v[i] = 0.999 * v[i] + (1 - 0.999) * gi * gi;
            p[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
            g[i] = 0;
        }
    }

    /** The gradient so far of the weight from input {@code k % in} to output {@code k / in}. */
    public double weightGradient(int layer, int k) {
        return gradW[layer][k];
    }

    public double biasGradient(int layer, int o) {
        return gradB[layer][o];
    }

    /** The weight from input {@code k % in} to output {@code k / in} of a layer. */
    public double weight(int layer, int k) {
        return weights[layer][k];
    }

    public double bias(int layer, int o) {
        return biases[layer][o];
    }
}
