package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.nn.Adam;
import dev.streamlearn.operators.nn.Losses;
import dev.streamlearn.operators.nn.Mlp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The production router's arithmetic is the straightforward one's, bit for bit: on random sizes,
 * inputs (a quarter of them exactly 0), biases and targets, in eval and in training mode (the
 * reference takes the production pass's dropout masks), forward outputs, the gradients of a batch
 * and the parameters after Adam steps equal {@link OutputMajorRouter}'s under {@link
 * Double#doubleToLongBits}. Batches of 1 to 5 and 32 cover both ways the backward pass takes {@code
 * W^T delta}.
 */
class OutputMajorRouterTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void productionRouterEqualsTheReferenceBitForBit(long seed) {
        Random random = new Random(seed);
        int layers = 1 + random.nextInt(3);
        int[] sizes = new int[layers + 1];
        for (int l = 0; l <= layers; l++) {
            sizes[l] = 1 + random.nextInt(l == 0 || l == layers ? 40 : 300);
        }
        boolean training = seed % 2 == 0;
        Mlp net = new Mlp(sizes, training ? 0.3 : 0.2, seed);
        for (int l = 0; l < layers; l++) {
            for (int o = 0; o < sizes[l + 1]; o++) {
                net.setBias(l, o, 0.1 * random.nextGaussian());
            }
        }
        Adam adam = new Adam(net, 1e-2);
        OutputMajorRouter reference = new OutputMajorRouter(net, sizes, 1e-2);
        int[] batches = {1, 2, 3, 4, 5, 32};
        for (int step = 0; step < 3; step++) {
            int batch = batches[random.nextInt(batches.length)];
            List<Mlp.Pass> passes = new ArrayList<>();
            List<double[]> grads = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                double[] x = input(random, sizes[0]);
                Mlp.Pass pass = net.forward(x, training, net.newPass());
                OutputMajorRouter.Pass expected = reference.forward(x, pass.masks());
                assertBits(pass.output(), expected.output());
                double[] target = new double[sizes[layers]];
                target[random.nextInt(target.length)] = 1;
                double[] grad = new double[target.length];
                Losses.bceWithLogits(pass.output(), target, grad);
                reference.backward(expected, grad);
                passes.add(pass);
                grads.add(grad);
            }
            Mlp.Gradients g = net.zeroGradients();
            net.backward(passes, grads, g);
            for (int l = 0; l < layers; l++) {
                for (int k = 0; k < sizes[l] * sizes[l + 1]; k++) {
                    assertBits(g.weight(l, k), reference.weightGradient(l, k));
                }
                for (int o = 0; o < sizes[l + 1]; o++) {
                    assertBits(g.bias(l, o), reference.biasGradient(l, o));
                }
            }
            double factor = 1.0 / (batch * sizes[layers]);
            g.scale(factor);
            adam.step(net, g);
            reference.step(factor);
            for (int l = 0; l < layers; l++) {
                for (int k = 0; k < sizes[l] * sizes[l + 1]; k++) {
                    assertBits(net.weight(l, k), reference.weight(l, k));
                }
                for (int o = 0; o < sizes[l + 1]; o++) {
                    assertBits(net.bias(l, o), reference.bias(l, o));
                }
            }
        }
    }

    private static double[] input(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(4) == 0 ? 0 : random.nextGaussian();
        }
        return x;
    }

    private static void assertBits(double actual, double expected) {
        assertThat(Double.doubleToLongBits(actual)).isEqualTo(Double.doubleToLongBits(expected));
    }

    private static void assertBits(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertBits(actual[i], expected[i]);
        }
    }
}
