package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-window figures of {@code bench tpp-job} and the recoveries read from them. */
class TppJobReportTest {
    private static final long START = 1_000_000;

    @Test
    void windowsAverageTheScoredEventsWithATruthAndTheLagBehindTheIdealVersion() {
        TppScoreWindows w = new TppScoreWindows(START, 1000, List.of("A", "A", "B"));
        w.add(START + 10, -1.0, -0.8, 0); // window 0, version 0: no lag
        w.add(START + 990, -2.0, -1.0, 0);
        w.add(START + 1500, Double.NaN, -1.0, 0); // a first event: not scored
        w.add(START + 1600, -1.5, Double.NaN, 0); // no truth
        w.add(START + 2000, -1.0, -1.0, 0); // window 2 scored by version 0: 2 behind
        w.add(START + 2999, -3.0, -2.0, 1); // 1 behind
        List<TppScoreWindows.Window> ws = w.windows();
        assertThat(ws.get(0).events()).isEqualTo(2);
        assertThat(ws.get(0).nll()).isCloseTo(1.5, within(1e-12));
        assertThat(ws.get(0).truthNll()).isCloseTo(0.9, within(1e-12));
        assertThat(ws.get(0).gap()).isCloseTo(0.6, within(1e-12));
        assertThat(ws.get(0).versionLag()).isZero();
        assertThat(ws.get(1).events()).isZero();
        assertThat(ws.get(2).gap()).isCloseTo(0.5, within(1e-12));
        assertThat(ws.get(2).versionLag()).isCloseTo(1.5, within(1e-12));
        assertThatThrownBy(() -> w.add(START + 3000, -1, -1, 0))
                .hasMessageContaining("outside the stream's 3 windows");
    }

    @Test
    void aRecoveryIsTheGapInTheChangesWindowAndInTheNext() {
        TppScoreWindows w = new TppScoreWindows(START, 1000, List.of("A", "B", "B", "A"));
        double[] gaps = {0.02, 0.4, 0.08, 0.3};
        for (int i = 0; i < gaps.length; i++) {
            w.add(START + i * 1000, -(1 + gaps[i]), -1, i);
        }
        var run = new TppJobBenchmark.Run("prompt", "job", 4, 1, new double[2], w.windows());
        List<TppJobReport.Recovery> r = TppJobReport.recoveries(List.of(run));
        assertThat(r).hasSize(2);
        assertThat(r.get(0).regimes()).isEqualTo("A->B");
        assertThat(r.get(0).change()).isEqualTo(1);
        assertThat(r.get(0).gapAt()).isCloseTo(0.4, within(1e-12));
        assertThat(r.get(0).gapAfter()).isCloseTo(0.08, within(1e-12));
        assertThat(r.get(0).met()).isTrue();
        assertThat(r.get(1).regimes()).isEqualTo("B->A");
        assertThat(r.get(1).gapAfter()).isNaN(); // the stream ends in the change's window
        assertThat(r.get(1).met()).isFalse();
    }
}
