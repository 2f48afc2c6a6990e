package dev.streamlearn.operators.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.ModelCodecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream-x network: exact gradients against central finite differences on every parameter, the
 * reference's sparse initialisation, and the codec.
 */
class LayerNormNetTest {
    private static final double H = 1e-6;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of((Object) new int[] {5, 8, 7, 3}),
                Arguments.of((Object) new int[] {12, 6, 1}),
                Arguments.of((Object) new int[] {4, 3}),
                Arguments.of((Object) new int[] {5, 32, 32, 2}));
    }

    /** Dense random weights and biases, so that no unit sits at a LeakyReLU kink. */
    static LayerNormNet randomNet(int[] sizes, Random random) {
        LayerNormNet net = new LayerNormNet(sizes, new SplitMix64(1));
        double[] p = net.parameters();
        for (int k = 0; k < p.length; k++) {
            p[k] = random.nextGaussian() * 0.5;
        }
        return net;
    }

    static double[] gaussian(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @ParameterizedTest(name = "sizes {0}")
    @MethodSource("shapes")
    void backwardMatchesCentralDifferencesOnEveryParameter(int[] sizes) {
        List<String> mismatches = new ArrayList<>();
        int nonZero = 0;
        for (int trial = 0; trial < 3; trial++) {
            Random random = new Random(100 + trial);
            LayerNormNet net = randomNet(sizes, random);
            double[] x = gaussian(random, sizes[0]);
            double[] c = gaussian(random, sizes[sizes.length - 1]);
            LayerNormNet.Pass pass = net.newPass();
            net.forward(x, pass);
            double[] grad = new double[net.parameterCount()];
            double[] cCopy = c.clone();
            net.backward(pass, c, grad);
            assertThat(c).as("backward must not modify dOut").containsExactly(cCopy);

            double[] p = net.parameters();
            LayerNormNet.Pass probe = net.newPass();
            for (int k = 0; k < p.length; k++) {
                double old = p[k];
                p[k] = old + H;
                double up = p[k];
                double plus = dot(net.forward(x, probe), c);
                p[k] = old - H;
                double down = p[k];
                double minus = dot(net.forward(x, probe), c);
                p[k] = old;
                double numeric = (plus - minus) / (up - down);
                if (!close(grad[k], numeric, 1e-5, 1e-7)) {
                    mismatches.add(
                            "trial " + trial + ", p[" + k + "]: " + grad[k] + " vs " + numeric);
                }
                if (Math.abs(grad[k]) > 1e-3) {
                    nonZero++;
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(nonZero).as("the check must not be vacuous").isGreaterThan(0);
    }

    @Test
    void forwardIsLayerNormWithoutAffineThenLeakyRelu() {
        // one hidden layer of 3 with identity-like weights: the hidden units are LN(x) leaky
        int[] sizes = {3, 3, 1};
        double[] params = new double[3 * 3 + 3 + 3 + 1];
        LayerNormNet net = LayerNormNet.of(sizes, params);
        double[] p = net.parameters();
        for (int i = 0; i < 3; i++) {
            p[net.weightIndex(0, i, i)] = 1;
            p[net.weightIndex(1, 0, i)] = 1;
        }
        double[] x = {1, 2, 6};
        double mean = 3;
        double var = (4 + 1 + 9) / 3.0; // biased
        double inv = 1 / Math.sqrt(var + 1e-5);
        double expected = 0;
        for (double xi : x) {
            double y = (xi - mean) * inv;
            expected += y > 0 ? y : 0.01 * y;
        }
        assertThat(net.forward(x, net.newPass())[0]).isCloseTo(expected, within(1e-15));
    }

    @Test
    void sparseInitZeroesExactlyCeilNinetyPercentOfEachRowWithinTheBound() {
        LayerNormNet net = new LayerNormNet(new int[] {5, 32, 32, 2}, new SplitMix64(3));
        double[] p = net.parameters();
        int[] sizes = net.sizes();
        int[] zerosPerRow = {5, 29, 29}; // ceil(0.9 * 5) = 5: the first layer is all zero
        for (int l = 0; l < 3; l++) {
            double bound = Math.sqrt(1.0 / sizes[l]);
            for (int o = 0; o < sizes[l + 1]; o++) {
                int zeros = 0;
                for (int i = 0; i < sizes[l]; i++) {
                    double w = p[net.weightIndex(l, o, i)];
                    assertThat(Math.abs(w)).isLessThanOrEqualTo(bound);
                    if (w == 0) {
                        zeros++;
                    }
                }
                assertThat(zeros).as("zeros in row %s of layer %s", o, l).isEqualTo(zerosPerRow[l]);
                assertThat(p[net.biasIndex(l, o)]).isZero();
            }
        }
        // the untouched weights really are spread over the bound
        double maxAbs = 0;
        for (int o = 0; o < 32; o++) {
            for (int i = 0; i < 32; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(p[net.weightIndex(1, o, i)]));
            }
        }
        assertThat(maxAbs).isGreaterThan(0.8 * Math.sqrt(1.0 / 32));
        // an all-zero first layer makes the output exactly 0
        assertThat(net.forward(new double[] {1, -2, 3, 0.5, -0.5}, net.newPass()))
                .containsExactly(0.0, 0.0);
    }

    @Test
    void sparseInitPicksDifferentColumnsPerRowAndTenRowsKeepOneWeightEach() {
        double[] w = new double[40 * 10];
        LayerNormNet.sparseInit(w, 0, 40, 10, 0.9, new SplitMix64(9));
        boolean[] kept = new boolean[10];
        for (int o = 0; o < 40; o++) {
            int nonZero = 0;
            for (int i = 0; i < 10; i++) {
                if (w[o * 10 + i] != 0) {
                    nonZero++;
                    kept[i] = true;
                }
            }
            assertThat(nonZero).isEqualTo(1); // ceil(0.9 * 10) = 9 zeros
        }
        for (boolean k : kept) {
            assertThat(k).as("every column survives in some row").isTrue();
        }
    }

    @Test
    void codecRoundTripKeepsEveryParameter() {
        LayerNormNet net = randomNet(new int[] {5, 8, 7, 3}, new Random(4));
        byte[] bytes = ModelCodecs.ALL.encode(net);
        LayerNormNet copy = ModelCodecs.ALL.decode(bytes, LayerNormNet.class);
        assertThat(copy.sizes()).containsExactly(5, 8, 7, 3);
        assertThat(copy.parameters()).containsExactly(net.parameters());
        assertThat(new LayerNormNetCodec().encode(copy)).isEqualTo(bytes);
        double[] x = {0.3, -1.2, 0.7, 2.0, -0.1};
        assertThat(copy.forward(x, copy.newPass())).containsExactly(net.forward(x, net.newPass()));
    }

    @Test
    void rejectsWrongInputSizeWithAClearMessage() {
        LayerNormNet net = new LayerNormNet(new int[] {3, 4, 2}, new SplitMix64(1));
        assertThatThrownBy(() -> net.forward(new double[2], net.newPass()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input has 2 values, the network expects 3");
    }

    static boolean close(double actual, double expected, double rel, double abs) {
        double diff = Math.abs(actual - expected);
        return diff <= abs || diff <= rel * Math.max(Math.abs(actual), Math.abs(expected));
    }
}
