package dev.streamlearn.operators.tpp.hawkes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.IntegralRule;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HawkesLikelihoodTest {
    private static final Hawkes A = ReferenceHawkes.regimeA();

    /** The intensity by the O(N) sum over the whole history: the definition, no recursion. */
    private static double intensity(Hawkes h, EventSequence s, int k, double t) {
        double lambda = h.mu(k);
        for (int m = 0; m < s.size() && s.times()[m] < t; m++) {
            lambda +=
                    h.alpha(k, s.types()[m]) * h.beta() * Math.exp(-h.beta() * (t - s.times()[m]));
        }
        return lambda;
    }

    /** {@code Σ_k Λ_k} over {@code (a, b]} by the closed-form kernel integrals, summed directly. */
    private static double compensator(Hawkes h, EventSequence s, double a, double b) {
        double total = h.totalMu() * (b - a);
        for (int m = 0; m < s.size() && s.times()[m] < b; m++) {
            double from = Math.max(a, s.times()[m]);
            for (int k = 0; k < h.types(); k++) {
                total +=
                        h.alpha(k, s.types()[m])
                                * (Math.exp(-h.beta() * (from - s.times()[m]))
                                        - Math.exp(-h.beta() * (b - s.times()[m])));
            }
        }
        return total;
    }

    @Test
    void theRecursionEqualsTheQuadraticSumInBothConventions() {
        for (EventSequence s : HawkesSimulator.sample(A, 100, 5, 7)) {
            double full = -compensator(A, s, 0, s.horizon());
            double easy = 0;
            for (int i = 0; i < s.size(); i++) {
                double log = Math.log(intensity(A, s, s.types()[i], s.times()[i]));
                full += log;
                if (i > 0) {
                    easy += log - compensator(A, s, s.times()[i - 1], s.times()[i]);
                }
            }
            assertThat(HawkesLikelihood.fullWindow(A, s).total()).isCloseTo(full, within(1e-9));
            assertThat(HawkesLikelihood.easyTpp(A, s).total()).isCloseTo(easy, within(1e-9));
            assertThat(HawkesLikelihood.easyTpp(A, s).events()).isEqualTo(s.size() - 1);
        }
    }

    @Test
    void aPoissonProcessHasItsClosedFormLikelihood() {
        Hawkes poisson = Hawkes.of(new double[] {0.5, 2}, new double[2][2], 1);
        EventSequence s = new EventSequence(new double[] {1, 2.5, 4}, new int[] {1, 0, 1}, 10);
        double expected = 2 * Math.log(2) + Math.log(0.5) - 2.5 * 10;
        assertThat(HawkesLikelihood.fullWindow(poisson, s).total())
                .isCloseTo(expected, within(1e-12));
        // EasyTPP: events 1 and 2 scored, the integral over (1, 4] only
        double easy = Math.log(0.5) + Math.log(2) - 2.5 * 3;
        assertThat(HawkesLikelihood.easyTpp(poisson, s).total()).isCloseTo(easy, within(1e-12));
    }

    @Test
    void theRulesBiasShrinksAtTheirOrderOnTheTrueIntensity() {
        List<EventSequence> seqs = HawkesSimulator.sample(A, 100, 40, 3);
        double exact = HawkesLikelihood.easyTpp(A, seqs).perEvent();
        double[] trapezoid = new double[3];
        double[] grid = new double[3];
        int[] points = {5, 20, 100};
        for (int g = 0; g < 3; g++) {
            trapezoid[g] =
                    HawkesLikelihood.easyTpp(A, seqs, IntegralRule.TRAPEZOID, points[g]).perEvent()
                            - exact;
            grid[g] =
                    HawkesLikelihood.easyTpp(A, seqs, IntegralRule.MEAN_OF_GRID, points[g])
                                    .perEvent()
                            - exact;
        }
        System.out.printf(
                "LL bias per event on 40 sequences, G = 5 / 20 / 100: mean of grid %.5f / %.5f /"
                        + " %.5f, trapezoid %.5f / %.5f / %.5f%n",
                grid[0], grid[1], grid[2], trapezoid[0], trapezoid[1], trapezoid[2]);
        // both over-integrate a decaying convex intensity, so both lower the likelihood
        for (int g = 0; g < 3; g++) {
            assertThat(trapezoid[g]).isNegative();
            assertThat(grid[g]).isNegative();
        }
        // trapezoid: O(h²), so 19 → 99 intervals shrinks the bias by about (99/19)² = 27
        assertThat(trapezoid[1] / trapezoid[2]).isBetween(22.0, 30.0);
        // mean of grid: O(h) (the left end's weight is 1/G, not 1/(2(G−1))), about 99/19 = 5.2
        assertThat(grid[1] / grid[2]).isBetween(4.5, 6.0);
        // the notes' table, computed independently on the same process (±15%: another sample)
        double[] gridTable = {-0.061, -0.0121, -0.0023};
        double[] trapezoidTable = {-0.020, -0.00096};
        for (int g = 0; g < 3; g++) {
            assertThat(grid[g]).isCloseTo(gridTable[g], withinPercentage(15));
        }
        for (int g = 0; g < 2; g++) {
            assertThat(trapezoid[g]).isCloseTo(trapezoidTable[g], withinPercentage(15));
        }
        assertThat(trapezoid[2]).isCloseTo(-0.00004, within(1.5e-5)); // one digit in the table
    }

    @Test
    void rescaledGapsOfTheTrueProcessAreUnitExponentials() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 0;
        double sum = 0;
        double sumSq = 0;
        for (int r = 0; r < 4; r++) {
            EventSequence s = HawkesSimulator.thinning(A, 1000, rng);
            for (double tau : HawkesLikelihood.rescaledGaps(A, s)) {
                sum += tau;
                sumSq += tau * tau;
                n++;
            }
        }
        double mean = sum / n;
        // Exp(1): mean 1 and variance 1; the standard error of the mean is 1/sqrt(n)
        assertThat(mean).isCloseTo(1, within(4 / Math.sqrt(n)));
        assertThat(sumSq / n - mean * mean).isCloseTo(1, within(8 / Math.sqrt(n)));
    }
}
