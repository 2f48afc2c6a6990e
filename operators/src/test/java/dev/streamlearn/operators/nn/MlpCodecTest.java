package dev.streamlearn.operators.nn;

import static dev.streamlearn.operators.nn.MlpFixtures.bytes;
import static dev.streamlearn.operators.nn.MlpFixtures.copy;
import static dev.streamlearn.operators.nn.MlpFixtures.gaussian;
import static dev.streamlearn.operators.nn.MlpFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.operators.nn.MlpFixtures.Param;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The network's codec, its Xavier initialisation and its seeded reproducibility. */
class MlpCodecTest {
    /** DriftMoE's router for 3 inputs and 12 experts. */
    private static final int[] ROUTER = {3, 256, 128, 12};

    @Test
    void restoredNetworkGivesIdenticalOutputsAndDropoutMasks() {
        Random random = new Random(1);
        Mlp net = new Mlp(ROUTER, 0.2, 42);
        // advance the generator, so that the restored state is not the seed
        for (int k = 0; k < 3; k++) {
            net.forward(gaussian(random, 3), true);
        }
        Mlp restored = copy(net);

        for (int k = 0; k < 5; k++) {
            double[] x = gaussian(random, 3);
            assertThat(restored.forward(x, false).output())
                    .containsExactly(net.forward(x, false).output());
        }
        for (int k = 0; k < 5; k++) {
            double[] x = gaussian(random, 3);
            Mlp.Pass original = net.forward(x, true);
            Mlp.Pass copy = restored.forward(x, true);
            assertThat(copy.masks()).containsExactly(original.masks());
            assertThat(copy.output()).containsExactly(original.output());
        }
        assertThat(bytes(restored)).isEqualTo(bytes(net));
    }

    @Test
    void writingDoesNotDisturbTheGenerator() {
        double[] x = {0.1, -0.2, 0.3};
        Mlp written = new Mlp(ROUTER, 0.2, 7);
        Mlp untouched = new Mlp(ROUTER, 0.2, 7);
        bytes(written);
        assertThat(written.forward(x, true).masks())
                .containsExactly(untouched.forward(x, true).masks());
    }

    @Test
    void initialisationIsXavierUniformWithZeroBiases() {
        Mlp net = new Mlp(ROUTER, 0.2, 42);
        for (int l = 0; l < ROUTER.length - 1; l++) {
            double bound = Math.sqrt(6.0 / (ROUTER[l] + ROUTER[l + 1]));
            double maxAbs = 0;
            double sum = 0;
            int n = ROUTER[l] * ROUTER[l + 1];
            for (int k = 0; k < n; k++) {
                double w = net.weight(l, k);
                assertThat(Math.abs(w)).as("w[%s][%s]", l, k).isLessThanOrEqualTo(bound);
                maxAbs = Math.max(maxAbs, Math.abs(w));
                sum += w;
            }
            // the draws fill the interval and are centred
            assertThat(maxAbs).as("layer %s", l).isGreaterThan(0.9 * bound);
            assertThat(Math.abs(sum / n)).as("layer %s", l).isLessThan(0.5 * bound);
            for (int o = 0; o < ROUTER[l + 1]; o++) {
                assertThat(net.bias(l, o)).isZero();
            }
        }
        assertThat(net.parameterCount()).isEqualTo(3 * 256 + 256 + 256 * 128 + 128 + 128 * 12 + 12);
        assertThat(net.inputSize()).isEqualTo(3);
        assertThat(net.outputSize()).isEqualTo(12);
    }

    @Test
    void sameSeedSameNetworkOtherSeedOtherWeights() {
        int[] sizes = {5, 7, 6, 4};
        Mlp a = new Mlp(sizes, 0.5, 123);
        Mlp b = new Mlp(sizes, 0.5, 123);
        Mlp c = new Mlp(sizes, 0.5, 124);
        assertThat(bytes(a)).isEqualTo(bytes(b));
        double[] x = {1, -1, 0.5, 2, -0.3};
        for (int k = 0; k < 3; k++) {
            assertThat(a.forward(x, true).masks()).containsExactly(b.forward(x, true).masks());
        }
        long differing =
                params(sizes).stream().filter(p -> !p.bias() && p.get(a) != p.get(c)).count();
        assertThat(differing).isEqualTo(5 * 7 + 7 * 6 + 6 * 4);
    }

    @Test
    void evalPassesDoNotDrawMasks() {
        double[] x = {0.4, 0.2, -1};
        Mlp net = new Mlp(ROUTER, 0.2, 5);
        Mlp reference = new Mlp(ROUTER, 0.2, 5);
        Mlp.Pass eval = net.forward(x, false);
        assertThat(eval.masks()).isNull();
        assertThat(net.forward(x, true).masks())
                .containsExactly(reference.forward(x, true).masks());
    }

    @Test
    void dropoutDropsTheConfiguredFractionOfTheFirstHiddenLayerAndRescalesTheRest() {
        Mlp net = new Mlp(ROUTER, 0.2, 3);
        double[] x = {0.3, -0.7, 1.1};
        double[] hidden = net.forward(x, false).activations()[1];
        int dropped = 0;
        int units = 0;
        for (int k = 0; k < 40; k++) {
            Mlp.Pass pass = net.forward(x, true);
            for (int o = 0; o < 256; o++) {
                double mask = pass.masks()[o];
                assertThat(mask).isIn(0.0, 1 / 0.8);
                assertThat(pass.activations()[1][o]).isEqualTo(hidden[o] * mask);
                dropped += mask == 0 ? 1 : 0;
                units++;
            }
        }
        // 10240 Bernoulli(0.2) draws: standard deviation 0.004
        assertThat(dropped / (double) units).isBetween(0.185, 0.215);
        assertThat(new Mlp(ROUTER, 0, 3).forward(x, true).masks()).isNull();
    }

    @Test
    void restoresParametersSetByHand() {
        int[] sizes = {2, 3, 1};
        Mlp net = new Mlp(sizes, 0, 9);
        Random random = new Random(2);
        for (Param p : params(sizes)) {
            p.set(net, random.nextGaussian());
        }
        Mlp restored = copy(net);
        for (Param p : params(sizes)) {
            assertThat(p.get(restored)).as("%s", p).isEqualTo(p.get(net));
        }
    }

    @Test
    void rejectsInvalidConfigurationsAndInputs() {
        assertThatThrownBy(() -> new Mlp(new int[] {3}, 0.2, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Mlp(new int[] {3, 0, 2}, 0.2, 1))
                .hasMessageContaining("[3, 0, 2]");
        assertThatThrownBy(() -> new Mlp(ROUTER, 1, 1)).hasMessageContaining("dropout");
        assertThatThrownBy(() -> new Mlp(ROUTER, Double.NaN, 1)).hasMessageContaining("dropout");
        Mlp net = new Mlp(ROUTER, 0.2, 1);
        assertThatThrownBy(() -> net.forward(new double[4], false))
                .hasMessageContaining("input has 4 values, the network expects 3");
    }
}
