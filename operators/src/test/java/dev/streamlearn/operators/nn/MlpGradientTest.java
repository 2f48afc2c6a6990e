package dev.streamlearn.operators.nn;

import static dev.streamlearn.operators.nn.MlpFixtures.bytes;
import static dev.streamlearn.operators.nn.MlpFixtures.close;
import static dev.streamlearn.operators.nn.MlpFixtures.fromBytes;
import static dev.streamlearn.operators.nn.MlpFixtures.gaussian;
import static dev.streamlearn.operators.nn.MlpFixtures.multiHot;
import static dev.streamlearn.operators.nn.MlpFixtures.params;
import static dev.streamlearn.operators.nn.MlpFixtures.randomizeBiases;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.nn.MlpFixtures.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact gradients: {@link Mlp#backward} of the summed BCE-with-logits loss against central finite
 * differences on every weight and bias, with and without dropout.
 */
class MlpGradientTest {
    private static final double H = 1e-6;
    private static final double DROPOUT = 0.3;
    private static final int TRIALS = 5;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(new int[] {5, 7, 6, 4}, false),
                Arguments.of(new int[] {5, 7, 6, 4}, true),
                Arguments.of(new int[] {3, 4, 2}, false),
                Arguments.of(new int[] {3, 4, 2}, true),
                Arguments.of(new int[] {3, 4}, false),
                Arguments.of(new int[] {3, 4}, true));
    }

    @ParameterizedTest(name = "sizes {0}, training {1}")
    @MethodSource("shapes")
    void backwardMatchesCentralDifferencesOnEveryParameter(int[] sizes, boolean training) {
        List<String> mismatches = new ArrayList<>();
        int nonZero = 0;
        boolean dropped = false;
        boolean kept = false;
        for (int trial = 0; trial < TRIALS; trial++) {
            Random random = new Random(7 + trial);
            Mlp net = new Mlp(sizes, DROPOUT, 11 + trial);
            randomizeBiases(net, sizes, random);
            double[] x = gaussian(random, sizes[0]);
            double[] y = multiHot(random, sizes[sizes.length - 1]);
            // a copy taken before the pass draws the same dropout mask in each of its own passes
            byte[] before = bytes(net);

            Mlp.Pass pass = net.forward(x, training);
            if (training && sizes.length > 2) {
                for (double mask : pass.masks()) {
                    assertThat(mask).isIn(0.0, 1 / (1 - DROPOUT));
                }
                dropped |= contains(pass.masks(), 0.0);
                kept |= contains(pass.masks(), 1 / (1 - DROPOUT));
            } else {
                assertThat(pass.masks()).isNull();
            }
            assertAwayFromReluKinks(pass);

            double[] dOut = new double[sizes[sizes.length - 1]];
            Losses.bceWithLogits(pass.output(), y, dOut);
            double[] dOutCopy = dOut.clone();
            Mlp.Gradients g = net.zeroGradients();
            net.backward(pass, dOut, g);
            assertThat(dOut).as("backward must not modify dOut").containsExactly(dOutCopy);

            for (Param p : params(sizes)) {
                Mlp plus = fromBytes(before);
                Mlp minus = fromBytes(before);
                double value = p.get(plus);
                p.set(plus, value + H);
                p.set(minus, value - H);
                // the exact step that the doubles represent
                double step = p.get(plus) - p.get(minus);
                double numeric =
                        (loss(plus, x, y, training, pass.masks())
                                        - loss(minus, x, y, training, pass.masks()))
                                / step;
                double analytic = p.of(g);
                if (!close(analytic, numeric, 1e-6, 1e-8)) {
                    mismatches.add(
                            "trial "
                                    + trial
                                    + ", "
                                    + p
                                    + ": backward "
                                    + analytic
                                    + ", finite difference "
                                    + numeric);
                }
                if (Math.abs(analytic) > 1e-3) {
                    nonZero++;
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(nonZero)
                .as("the check must not be vacuous")
                .isGreaterThan(TRIALS * params(sizes).size() / 4);
        if (training && sizes.length > 2) {
            assertThat(dropped).as("some pass dropped a unit").isTrue();
            assertThat(kept).as("some pass kept a unit").isTrue();
        }
    }

    @Test
    void batchGradientScaledByOneOverNIsTheMeanOfSingleInstanceGradients() {
        int[] sizes = {5, 7, 6, 4};
        int n = 6;
        Random random = new Random(3);
        Mlp net = new Mlp(sizes, DROPOUT, 5);
        randomizeBiases(net, sizes, random);

        Mlp.Gradients batch = net.zeroGradients();
        List<Mlp.Gradients> singles = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Mlp.Pass pass = net.forward(gaussian(random, sizes[0]), true);
            double[] dOut = new double[sizes[3]];
            Losses.bceWithLogits(pass.output(), multiHot(random, sizes[3]), dOut);
            net.backward(pass, dOut, batch);
            Mlp.Gradients single = net.zeroGradients();
            net.backward(pass, dOut, single);
            singles.add(single);
        }
        batch.scale(1.0 / n);

        List<String> mismatches = new ArrayList<>();
        for (Param p : params(sizes)) {
            double sum = 0;
            for (Mlp.Gradients single : singles) {
                sum += p.of(single);
            }
            double mean = sum / n;
            if (!close(p.of(batch), mean, 1e-12, 1e-15)) {
                mismatches.add(p + ": batch " + p.of(batch) + ", mean of singles " + mean);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** The loss of a pass of {@code net}, checking that it drew the reference dropout mask. */
    private static double loss(
            Mlp net, double[] x, double[] y, boolean training, double[] expectedMasks) {
        Mlp.Pass pass = net.forward(x, training);
        assertThat(pass.masks()).isEqualTo(expectedMasks);
        return Losses.bceWithLogits(pass.output(), y, null);
    }

    private static boolean contains(double[] values, double value) {
        for (double v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finite differences across a ReLU kink are meaningless; the fixed seeds stay clear of them.
     */
    private static void assertAwayFromReluKinks(Mlp.Pass pass) {
        double[][] pre = pass.preActivations();
        for (int l = 0; l < pre.length - 1; l++) {
            for (double z : pre[l]) {
                assertThat(Math.abs(z))
                        .as("pre-activation of hidden layer %s", l)
                        .isGreaterThan(1e-4);
            }
        }
    }
}
