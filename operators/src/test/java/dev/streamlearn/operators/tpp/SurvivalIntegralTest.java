package dev.streamlearn.operators.tpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SurvivalIntegralTest {

    @Test
    void aConstantIntensityHasTheExponentialMean() {
        assertThat(SurvivalIntegral.expectedGap(s -> 0.6 * s, 1, 1 / 0.6))
                .isCloseTo(1 / 0.6, within(1e-6));
    }

    @Test
    void aDecayingIntensityMatchesItsSeriesForm() {
        // Λ(s) = M s + c (1 − e^(−βs)): E[Δt] = e^(−c) Σ_n c^n / n! / (M + nβ), term by term
        double m = 0.6;
        double c = 1.7;
        double beta = 1.5;
        double series = 0;
        double term = Math.exp(-c);
        for (int n = 0; n < 60; n++) {
            series += term / (m + n * beta);
            term *= c / (n + 1);
        }
        double numeric =
                SurvivalIntegral.expectedGap(
                        s -> m * s + c * -Math.expm1(-beta * s),
                        Math.min(1 / beta, 1 / (m + c * beta)),
                        1 / m);
        assertThat(numeric).isCloseTo(series, within(1e-6));
    }

    @Test
    void theDensityIntegratesToOne() {
        // ∫ λ(s) S(s) ds = 1 for λ = Λ'
        double m = 0.3;
        double c = 4;
        double beta = 0.7;
        double mass =
                SurvivalIntegral.weighted(
                        s -> m * s + c * -Math.expm1(-beta * s),
                        s -> m + c * beta * Math.exp(-beta * s),
                        1 / (m + c * beta),
                        1 / m);
        assertThat(mass).isCloseTo(1, within(1e-6));
    }
}
