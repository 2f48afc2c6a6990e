package dev.streamlearn.operators.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers of the network tests: codec copies, random inputs and a gradient comparison. */
final class MlpFixtures {
    private MlpFixtures() {}

    private static final MlpCodec CODEC = new MlpCodec();

    static byte[] bytes(Mlp net) {
        return CODEC.encode(net);
    }

    static Mlp fromBytes(byte[] bytes) {
        return CODEC.decode(bytes);
    }

    /** A copy with the same parameters and the same generator state (same future masks). */
    static Mlp copy(Mlp net) {
        return fromBytes(bytes(net));
    }

    static double[] gaussian(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /** Multi-hot targets with at least one 1 and one 0 when {@code n >= 2}. */
    static double[] multiHot(Random random, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextBoolean() ? 1 : 0;
        }
        y[0] = 1;
        if (n > 1) {
            y[n - 1] = 0;
        }
        return y;
    }

    /** Non-zero biases, so that the tests do not depend on the zero initialisation. */
    static void randomizeBiases(Mlp net, int[] sizes, Random random) {
        for (int l = 0; l < sizes.length - 1; l++) {
            for (int o = 0; o < sizes[l + 1]; o++) {
                net.setBias(l, o, 0.1 * random.nextGaussian());
            }
        }
    }

    /** A parameter of the network: a weight or a bias of one layer. */
    record Param(int layer, int index, boolean bias) {
        double get(Mlp net) {
            return bias ? net.bias(layer, index) : net.weight(layer, index);
        }

        void set(Mlp net, double value) {
            if (bias) {
                net.setBias(layer, index, value);
            } else {
                net.setWeight(layer, index, value);
            }
        }

        double of(Mlp.Gradients g) {
            return bias ? g.bias(layer, index) : g.weight(layer, index);
        }

        @Override
        public String toString() {
            return (bias ? "b" : "w") + "[" + layer + "][" + index + "]";
        }
    }

    /** Every weight and bias of a network of these sizes. */
    static List<Param> params(int[] sizes) {
        List<Param> out = new ArrayList<>();
        for (int l = 0; l < sizes.length - 1; l++) {
            for (int k = 0; k < sizes[l] * sizes[l + 1]; k++) {
                out.add(new Param(l, k, false));
            }
            for (int k = 0; k < sizes[l + 1]; k++) {
                out.add(new Param(l, k, true));
            }
        }
        return out;
    }

    /** True when {@code actual} is within {@code rel} (relative) or {@code abs} of expected. */
    static boolean close(double actual, double expected, double rel, double abs) {
        double diff = Math.abs(actual - expected);
        return diff <= abs || diff <= rel * Math.max(Math.abs(actual), Math.abs(expected));
    }
}
