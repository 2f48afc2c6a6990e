package dev.streamlearn.operators.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.nn.SplitMix64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The actor objectives {@code log pi(A) + c * H} against central finite differences with respect to
 * the head's outputs, and the reference's closed form for the softmax head.
 */
class PolicyHeadsGradientTest {
    private static final double H = 1e-6;

    private static double softmaxObjective(double[] logits, int action, double c) {
        double[] p = new double[logits.length];
        PolicyHeads.softmax(logits, p);
        return Math.log(p[action]) + c * PolicyHeads.entropy(p);
    }

    @ParameterizedTest(name = "c = {0}")
    @ValueSource(doubles = {0.0, 0.01, -0.01, 0.7})
    void softmaxGradientMatchesFiniteDifferencesAndTheClosedForm(double c) {
        Random random = new Random(5);
        for (int trial = 0; trial < 5; trial++) {
            double[] logits = new double[4];
            for (int j = 0; j < 4; j++) {
                logits[j] = random.nextGaussian() * 2;
            }
            int action = trial % 4;
            double[] p = new double[4];
            PolicyHeads.softmax(logits, p);
            double[] grad = new double[4];
            PolicyHeads.softmaxObjectiveGradient(p, action, c, grad);
            double h = PolicyHeads.entropy(p);
            for (int j = 0; j < 4; j++) {
                double[] up = logits.clone();
                double[] down = logits.clone();
                up[j] += H;
                down[j] -= H;
                double numeric =
                        (softmaxObjective(up, action, c) - softmaxObjective(down, action, c))
                                / (up[j] - down[j]);
                assertThat(grad[j]).isCloseTo(numeric, within(1e-8));
                // the reference's check: d(-log pi - c H)/dlogit_j = p_j - 1[j=A] + c p_j (log p_j
                // + H)
                double closed = p[j] - (j == action ? 1 : 0) + c * p[j] * (Math.log(p[j]) + h);
                assertThat(-grad[j]).isCloseTo(closed, within(1e-15));
            }
        }
    }

    @ParameterizedTest(name = "c = {0}")
    @ValueSource(doubles = {0.0, 0.01, -0.01})
    void gaussianGradientMatchesFiniteDifferences(double c) {
        Random random = new Random(8);
        for (int trial = 0; trial < 5; trial++) {
            int d = 1 + trial % 3;
            double[] out = new double[2 * d];
            double[] action = new double[d];
            for (int i = 0; i < d; i++) {
                out[i] = random.nextGaussian();
                out[d + i] = random.nextGaussian() * 2; // pre-softplus
                action[i] = random.nextGaussian() * 1.5;
            }
            double[] grad = new double[2 * d];
            PolicyHeads.gaussianObjectiveGradient(out, action, c, grad);
            for (int k = 0; k < 2 * d; k++) {
                double[] up = out.clone();
                double[] down = out.clone();
                up[k] += H;
                down[k] -= H;
                double numeric =
                        (objective(up, action, c) - objective(down, action, c)) / (up[k] - down[k]);
                assertThat(grad[k]).isCloseTo(numeric, within(1e-7));
            }
        }
    }

    private static double objective(double[] out, double[] action, double c) {
        return PolicyHeads.gaussianLogDensity(out, action)
                + c * PolicyHeads.gaussianEntropy(out, action.length);
    }

    @ParameterizedTest(name = "u = {0}")
    @ValueSource(doubles = {-30, -3, 0, 2.5, 19.9, 20.1, 40})
    void softplusIsPyTorchsWithThreshold20(double u) {
        double expected = u > 20 ? u : Math.log(1 + Math.exp(u));
        assertThat(PolicyHeads.softplus(u)).isCloseTo(expected, within(1e-12 * Math.max(1, u)));
        double numeric = (PolicyHeads.softplus(u + H) - PolicyHeads.softplus(u - H)) / (2 * H);
        if (Math.abs(u - 20) > 1e-3) {
            assertThat(PolicyHeads.softplusDerivative(u)).isCloseTo(numeric, within(1e-7));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void samplersFollowTheirDistributions(long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        double[] p = {0.1, 0.6, 0.3};
        int[] counts = new int[3];
        double sum = 0;
        double sumSq = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            counts[PolicyHeads.sampleCategorical(p, rng)]++;
            double z = PolicyHeads.gaussian(rng);
            sum += z;
            sumSq += z * z;
        }
        for (int j = 0; j < 3; j++) {
            assertThat(counts[j] / (double) n).isCloseTo(p[j], within(0.02));
        }
        assertThat(sum / n).isCloseTo(0, within(0.03));
        assertThat(sumSq / n).isCloseTo(1, within(0.04));
    }
}
