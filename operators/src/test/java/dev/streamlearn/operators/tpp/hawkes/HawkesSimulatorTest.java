package dev.streamlearn.operators.tpp.hawkes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.tpp.EventSequence;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HawkesSimulatorTest {
    private static final Hawkes A = ReferenceHawkes.regimeA();

    /**
     * {@code E[N(T)]} from the mean intensity {@code m(t) = E[λ(t)]}, which solves {@code m = μ +
     * u}, {@code u' = −βu + βA·m}, {@code u(0) = 0}: integrated by RK4, independent of both
     * simulators.
     */
    private static double expectedCount(Hawkes h, double horizon) {
        int k = h.types();
        double[] u = new double[k];
        double count = 0;
        double dt = 1e-3;
        Function<double[], double[]> f =
                v -> {
                    double[] d = new double[k];
                    for (int i = 0; i < k; i++) {
                        d[i] = -h.beta() * v[i];
                        for (int j = 0; j < k; j++) {
                            d[i] += h.beta() * h.alpha(i, j) * (h.mu(j) + v[j]);
                        }
                    }
                    return d;
                };
        for (double t = 0; t < horizon - dt / 2; t += dt) {
            double before = h.totalMu() + Arrays.stream(u).sum();
            double[] k1 = f.apply(u);
            double[] k2 = f.apply(add(u, k1, dt / 2));
            double[] k3 = f.apply(add(u, k2, dt / 2));
            double[] k4 = f.apply(add(u, k3, dt));
            for (int i = 0; i < k; i++) {
                u[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
            count += dt / 2 * (before + h.totalMu() + Arrays.stream(u).sum());
        }
        return count;
    }

    private static double[] add(double[] a, double[] b, double f) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += f * b[i];
        }
        return c;
    }

    private static double[] counts(boolean branching, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] =
                    (branching
                                    ? HawkesSimulator.branching(A, 100, rng)
                                    : HawkesSimulator.thinning(A, 100, rng))
                            .size();
        }
        return c;
    }

    @Test
    void thinningAndBranchingDrawTheExpectedNumberOfEvents() {
        double expected = expectedCount(A, 100);
        // below the stationary 146.3 of the notes: the process starts without history
        assertThat(expected).isBetween(144.0, 146.3);
        for (boolean branching : new boolean[] {false, true}) {
            double[] c = counts(branching, 2000, branching ? 1 : 2);
            double mean = Arrays.stream(c).average().orElseThrow();
            double var = Arrays.stream(c).map(x -> (x - mean) * (x - mean)).sum() / (c.length - 1);
            assertThat(Math.abs(mean - expected))
                    .as("mean count %s (branching %s) against %s", mean, branching, expected)
                    .isLessThan(4 * Math.sqrt(var / c.length));
        }
    }

    /** The one-sample Kolmogorov-Smirnov statistic of {@code x} against Exp(1). */
    private static double ksAgainstExp1(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double d = 0;
        for (int i = 0; i < sorted.length; i++) {
            double cdf = -Math.expm1(-sorted[i]);
            d =
                    Math.max(
                            d,
                            Math.max(
                                    (i + 1.0) / sorted.length - cdf,
                                    cdf - (double) i / sorted.length));
        }
        return d;
    }

    @Test
    void rescaledGapsOfThinnedSequencesPassKolmogorovSmirnov() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] gaps = new double[0];
        for (int r = 0; r < 3; r++) {
            double[] g = HawkesLikelihood.rescaledGaps(A, HawkesSimulator.thinning(A, 1500, rng));
            int at = gaps.length;
            gaps = Arrays.copyOf(gaps, at + g.length);
            System.arraycopy(g, 0, gaps, at, g.length);
        }
        // the 0.1% critical value of the one-sample KS statistic is 1.949 / sqrt(n)
        assertThat(ksAgainstExp1(gaps)).isLessThan(1.949 / Math.sqrt(gaps.length));
        // and the statistic sees a wrong process: the same events rescaled with β = 3 fail it
        EventSequence s = HawkesSimulator.thinning(A, 1500, new SplittableRandom(6));
        double[] wrong = HawkesLikelihood.rescaledGaps(A.scaled(1, 1, 3.0), s);
        assertThat(ksAgainstExp1(wrong)).isGreaterThan(1.949 / Math.sqrt(wrong.length));
    }
}
