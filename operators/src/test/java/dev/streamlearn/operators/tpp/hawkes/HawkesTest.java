package dev.streamlearn.operators.tpp.hawkes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HawkesTest {

    @Test
    void theReferenceProcessHasThePublishedRadiusAndRates() {
        Hawkes a = ReferenceHawkes.regimeA();
        assertThat(a.spectralRadius()).isCloseTo(0.5791, within(5e-5));
        assertThat(a.stationaryRates())
                .containsExactly(new double[] {0.5097, 0.5676, 0.3861}, within(5e-5));
    }

    @Test
    void theSpectralRadiusOfAPeriodicMatrixIsItsRootNotItsNorm() {
        // a 2-cycle: power iteration oscillates; the eigenvalues are ±sqrt(0.5 * 0.8)
        double[][] alpha = {{0, 0.5}, {0.8, 0}};
        assertThat(Hawkes.of(new double[] {1, 1}, alpha, 1).spectralRadius())
                .isCloseTo(Math.sqrt(0.4), within(1e-9));
    }

    @Test
    void anExplosiveProcessIsRefusedWithItsRadius() {
        assertThatThrownBy(() -> Hawkes.of(new double[] {1}, new double[][] {{1.2}}, 1))
                .hasMessageContaining("spectral radius 1.2000")
                .hasMessageContaining("scale alpha down");
    }

    @Test
    void aPermutationRelabelsRatesAndKeepsTheRadius() {
        Hawkes a = ReferenceHawkes.regimeA();
        // regime B of the notes: type i of B is type from[i] of A (P = [[0,0,1],[1,0,0],[0,1,0]])
        Hawkes b = a.permuted(new int[] {2, 0, 1}, 3.0);
        double[] ra = a.stationaryRates();
        assertThat(b.stationaryRates())
                .containsExactly(new double[] {ra[2], ra[0], ra[1]}, within(1e-12));
        assertThat(b.spectralRadius()).isCloseTo(a.spectralRadius(), within(1e-9));
        assertThat(b.mu()).containsExactly(0.1, 0.3, 0.2);
    }
}
