package dev.streamlearn.operators.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The same stream-x networks, weights and inputs in PyTorch (through DJL, CPU, float64): autograd's
 * gradients of a value output, of the softmax actor's objective and of the Gaussian actor's
 * objective must equal the pure-Java backward passes on every parameter.
 */
class StreamNetworksDjlAutogradTest {
    private static final double REL = 1e-9;
    private static final double ABS = 1e-11;

    @Test
    void valueGradientEqualsAutograd() {
        Random random = new Random(1);
        LayerNormNet net = randomNet(new int[] {5, 32, 32, 3}, random);
        double[] x = gaussian(random, 5);
        double[] c = gaussian(random, 3);
        LayerNormNet.Pass pass = net.newPass();
        net.forward(x, pass);
        double[] grad = new double[net.parameterCount()];
        net.backward(pass, c, grad);
        compare(net, x, grad, (m, out) -> out.mul(m.create(c)).sum());
    }

    @Test
    void softmaxActorObjectiveGradientEqualsAutograd() {
        Random random = new Random(2);
        LayerNormNet net = randomNet(new int[] {7, 16, 16, 3}, random);
        double[] x = gaussian(random, 7);
        int action = 2;
        double coef = -0.01;
        LayerNormNet.Pass pass = net.newPass();
        double[] logits = net.forward(x, pass);
        double[] p = new double[3];
        PolicyHeads.softmax(logits, p);
        double[] dLogits = new double[3];
        PolicyHeads.softmaxObjectiveGradient(p, action, coef, dLogits);
        double[] grad = new double[net.parameterCount()];
        net.backward(pass, dLogits, grad);
        compare(
                net,
                x,
                grad,
                (m, out) -> {
                    NDArray logp = out.logSoftmax(0);
                    NDArray entropy = logp.exp().mul(logp).sum().neg();
                    return logp.get(action).add(entropy.mul(coef));
                });
    }

    @Test
    void gaussianActorObjectiveGradientEqualsAutograd() {
        Random random = new Random(3);
        LayerNormNet net = randomNet(new int[] {4, 16, 16, 4}, random);
        double[] x = gaussian(random, 4);
        double[] a = {0.7, -1.3};
        double coef = 0.01;
        LayerNormNet.Pass pass = net.newPass();
        double[] out = net.forward(x, pass);
        double[] dOut = new double[4];
        PolicyHeads.gaussianObjectiveGradient(out, a, coef, dOut);
        double[] grad = new double[net.parameterCount()];
        net.backward(pass, dOut, grad);
        compare(
                net,
                x,
                grad,
                (m, o) -> {
                    NDArray mu = o.get("0:2");
                    NDArray sigma = o.get("2:4").exp().add(1).log(); // softplus, no threshold hit
                    NDArray z = m.create(a).sub(mu).div(sigma);
                    double halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
                    NDArray logDensity = z.mul(z).mul(-0.5).sub(sigma.log()).sub(halfLog2Pi).sum();
                    NDArray entropy = sigma.log().add(0.5 + halfLog2Pi).sum();
                    return logDensity.add(entropy.mul(coef));
                });
    }

    /** Builds the network in DJL, applies {@code objective} to its output and compares. */
    private static void compare(
            LayerNormNet net,
            double[] x,
            double[] javaGrad,
            BiFunction<NDManager, NDArray, NDArray> objective) {
        int[] sizes = net.sizes();
        int layers = sizes.length - 1;
        double[] p = net.parameters();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray[] w = new NDArray[layers];
            NDArray[] b = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                int in = sizes[l];
                int out = sizes[l + 1];
                double[] flat = new double[out * in];
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        flat[o * in + i] = p[net.weightIndex(l, o, i)];
                    }
                }
                double[] bias = new double[out];
                for (int o = 0; o < out; o++) {
                    bias[o] = p[net.biasIndex(l, o)];
                }
                w[l] = m.create(flat, new Shape(out, in));
                b[l] = m.create(bias);
                w[l].setRequiresGradient(true);
                b[l].setRequiresGradient(true);
            }
            assertThat(w[0].getDataType()).isEqualTo(DataType.FLOAT64);
            NDArray a = m.create(x);
            for (int l = 0; l < layers; l++) {
                NDArray z = w[l].matMul(a.reshape(sizes[l], 1)).reshape(sizes[l + 1]).add(b[l]);
                if (l < layers - 1) {
                    // LayerNorm without affine (biased variance, eps 1e-5), then LeakyReLU 0.01
                    NDArray centred = z.sub(z.mean());
                    NDArray y = centred.div(centred.mul(centred).mean().add(1e-5).sqrt());
                    a = y.maximum(0).add(y.minimum(0).mul(0.01));
                } else {
                    a = z;
                }
            }
            assertThat(a.toDoubleArray())
                    .containsExactly(net.forward(x, net.newPass()), within(1e-12));
            NDArray loss = objective.apply(m, a);
            gc.backward(loss);

            List<String> mismatches = new ArrayList<>();
            int nonZero = 0;
            for (int l = 0; l < layers; l++) {
                int in = sizes[l];
                double[] dw = w[l].getGradient().toDoubleArray();
                double[] db = b[l].getGradient().toDoubleArray();
                for (int o = 0; o < sizes[l + 1]; o++) {
                    for (int i = 0; i < in; i++) {
                        double java = javaGrad[net.weightIndex(l, o, i)];
                        if (!close(java, dw[o * in + i])) {
                            mismatches.add(
                                    "w["
                                            + l
                                            + "]["
                                            + o
                                            + ","
                                            + i
                                            + "]: "
                                            + java
                                            + " vs "
                                            + dw[o * in + i]);
                        }
                        if (Math.abs(java) > 1e-6) {
                            nonZero++;
                        }
                    }
                    double java = javaGrad[net.biasIndex(l, o)];
                    if (!close(java, db[o])) {
                        mismatches.add("b[" + l + "][" + o + "]: " + java + " vs " + db[o]);
                    }
                }
            }
            assertThat(mismatches).isEmpty();
            assertThat(nonZero)
                    .as("the check must not be vacuous")
                    .isGreaterThan(javaGrad.length / 4);
        }
    }

    private static boolean close(double actual, double expected) {
        double diff = Math.abs(actual - expected);
        return diff <= ABS || diff <= REL * Math.max(Math.abs(actual), Math.abs(expected));
    }

    private static LayerNormNet randomNet(int[] sizes, Random random) {
        LayerNormNet net = new LayerNormNet(sizes, new SplitMix64(1));
        double[] p = net.parameters();
        for (int k = 0; k < p.length; k++) {
            p[k] = random.nextGaussian() * 0.4;
        }
        return net;
    }

    private static double[] gaussian(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }
}
