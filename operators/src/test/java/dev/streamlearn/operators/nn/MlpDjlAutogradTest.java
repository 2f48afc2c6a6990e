package dev.streamlearn.operators.nn;

import static dev.streamlearn.operators.nn.MlpFixtures.close;
import static dev.streamlearn.operators.nn.MlpFixtures.gaussian;
import static dev.streamlearn.operators.nn.MlpFixtures.multiHot;
import static dev.streamlearn.operators.nn.MlpFixtures.randomizeBiases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same network, weights and inputs in PyTorch (through DJL, CPU, float64): its autograd
 * gradients of the summed BCE-with-logits loss must equal {@link Mlp#backward}'s, summed over a
 * batch.
 */
class MlpDjlAutogradTest {
    private static final double REL = 1e-10;
    private static final double ABS = 1e-12;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new int[] {5, 7, 6, 4}, 1),
                Arguments.of(new int[] {5, 7, 6, 4}, 4),
                Arguments.of(new int[] {3, 256, 128, 12}, 3));
    }

    @ParameterizedTest(name = "sizes {0}, batch {1}")
    @MethodSource("cases")
    void backwardEqualsPyTorchAutograd(int[] sizes, int batch) {
        int layers = sizes.length - 1;
        int inputs = sizes[0];
        int outputs = sizes[layers];
        Random random = new Random(21);
        Mlp net = new Mlp(sizes, 0.2, 8);
        randomizeBiases(net, sizes, random);
        double[][] xs = new double[batch][];
        double[][] ys = new double[batch][];
        for (int r = 0; r < batch; r++) {
            xs[r] = gaussian(random, inputs);
            ys[r] = multiHot(random, outputs);
        }

        // the Java side: eval passes, gradients summed over the batch
        Mlp.Gradients g = net.zeroGradients();
        double javaLoss = 0;
        double[][] javaLogits = new double[batch][];
        for (int r = 0; r < batch; r++) {
            Mlp.Pass pass = net.forward(xs[r], false);
            double[] dOut = new double[outputs];
            javaLoss += Losses.bceWithLogits(pass.output(), ys[r], dOut);
            net.backward(pass, dOut, g);
            javaLogits[r] = pass.output();
        }

        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray[] w = new NDArray[layers];
            NDArray[] b = new NDArray[layers];
            for (int l = 0; l < layers; l++) {
                int in = sizes[l];
                int out = sizes[l + 1];
                // weight(l, o * in + i) is PyTorch Linear's weight[o][i]: row-major (out, in)
                double[] flat = new double[out * in];
                for (int k = 0; k < flat.length; k++) {
                    flat[k] = net.weight(l, k);
                }
                w[l] = m.create(flat, new Shape(out, in));
                double[] bias = new double[out];
                for (int o = 0; o < out; o++) {
                    bias[o] = net.bias(l, o);
                }
                b[l] = m.create(bias);
                w[l].setRequiresGradient(true);
                b[l].setRequiresGradient(true);
            }
            assertThat(w[0].getDataType()).isEqualTo(DataType.FLOAT64);

            NDArray a = m.create(flatten(xs), new Shape(batch, inputs));
            for (int l = 0; l < layers; l++) {
                NDArray z = a.matMul(w[l].transpose()).add(b[l]);
                a = l < layers - 1 ? Activation.relu(z) : z;
            }
            NDArray y = m.create(flatten(ys), new Shape(batch, outputs));
            // max(z, 0) - z * y + log(1 + exp(-|z|)), summed
            NDArray loss =
                    Activation.relu(a).sub(a.mul(y)).add(a.abs().neg().exp().add(1).log()).sum();
            gc.backward(loss);

            assertThat(a.toDoubleArray()).containsExactly(flatten(javaLogits), within(1e-12));
            assertThat(loss.getDouble()).isCloseTo(javaLoss, within(1e-10));

            List<String> mismatches = new ArrayList<>();
            int nonZero = 0;
            for (int l = 0; l < layers; l++) {
                double[] dw = w[l].getGradient().toDoubleArray();
                double[] db = b[l].getGradient().toDoubleArray();
                assertThat(dw).hasSize(sizes[l] * sizes[l + 1]);
                assertThat(db).hasSize(sizes[l + 1]);
                for (int k = 0; k < dw.length; k++) {
                    if (!close(g.weight(l, k), dw[k], REL, ABS)) {
                        mismatches.add(
                                "w[" + l + "][" + k + "]: " + g.weight(l, k) + " vs " + dw[k]);
                    }
                    if (dw[k] != 0) {
                        nonZero++;
                    }
                }
                for (int k = 0; k < db.length; k++) {
                    if (!close(g.bias(l, k), db[k], REL, ABS)) {
                        mismatches.add("b[" + l + "][" + k + "]: " + g.bias(l, k) + " vs " + db[k]);
                    }
                }
            }
            assertThat(mismatches).isEmpty();
            assertThat(nonZero).as("the check must not be vacuous").isGreaterThan(0);
        }
    }

    private static double[] flatten(double[][] rows) {
        int n = 0;
        for (double[] row : rows) {
            n += row.length;
        }
        double[] flat = new double[n];
        int k = 0;
        for (double[] row : rows) {
            System.arraycopy(row, 0, flat, k, row.length);
            k += row.length;
        }
        return flat;
    }
}
