package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles, by hand on small sets. */
class LatencySamplesTest {

    @Test
    void percentilesAreNearestRanks() {
        LatencySamples s = new LatencySamples();
        for (int ms = 100; ms >= 1; ms--) { // 1..100 ms, added out of order
            s.add(ms * 1_000_000L);
        }
        assertThat(s.percentileMillis(50)).isEqualTo(50.0);
        assertThat(s.percentileMillis(99)).isEqualTo(99.0);
        assertThat(s.percentileMillis(100)).isEqualTo(100.0);
        assertThat(s.percentileMillis(0.5)).isEqualTo(1.0);
    }

    @Test
    void fewSamplesAndNone() {
        LatencySamples s = new LatencySamples();
        assertThat(s.percentileMillis(99)).isNaN();
        s.add(2_500_000);
        s.add(500_000);
        s.add(1_000_000);
        assertThat(s.percentileMillis(50)).isEqualTo(1.0);
        assertThat(s.percentileMillis(99)).isEqualTo(2.5);
        assertThatThrownBy(() -> s.percentileMillis(0)).hasMessageContaining("(0, 100]");
    }

    @Test
    void growsPastItsFirstArray() {
        LatencySamples s = new LatencySamples();
        for (int i = 1; i <= 40_000; i++) {
            s.add(i);
        }
        assertThat(s.size()).isEqualTo(40_000);
        assertThat(s.percentileMillis(100)).isEqualTo(0.04);
    }
}
