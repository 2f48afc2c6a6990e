package dev.streamlearn.operators.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each budget manager's rule on hand-made sequences. */
class ActiveBudgetManagersTest {

    @Test
    void cumulativeBudgetLetsTheStrategyDecideWhileTheRatioIsBelowB() {
        CumulativeBudget b = new CumulativeBudget(0.25);
        // 0/1 < 0.25: asks; then 1/2, 1/3 are not below; 1/4 is not; 1/5 is
        assertThat(b.decide(0, true)).isTrue();
        assertThat(b.allowsQuery()).isFalse();
        assertThat(b.decide(0, true)).isFalse();
        assertThat(b.decide(0, true)).isFalse();
        assertThat(b.decide(0, true)).isFalse();
        assertThat(b.allowsQuery()).isTrue();
        assertThat(b.decide(0, false)).isFalse(); // open, but the strategy did not want it
        assertThat(b.decide(0, true)).isTrue();
        assertThat(b.seen()).isEqualTo(6);
        assertThat(b.queried()).isEqualTo(2);
        assertThat(b.spentRatio()).isCloseTo(2 / 6.0, within(1e-12));
    }

    @Test
    void cumulativeBudgetSpendsExactlyBWhenTheStrategyAlwaysWants() {
        CumulativeBudget b = new CumulativeBudget(0.1);
        for (int i = 0; i < 10_000; i++) {
            b.decide(0, true);
        }
        assertThat(b.queried()).isEqualTo(1000);
    }

    @Test
    void windowedEstimateDecaysBy_wMinusOneOverW() {
        WindowedBudget b = new WindowedBudget(0.1, 10);
        assertThat(b.decide(0, true)).isTrue();
        assertThat(b.estimate()).isCloseTo(0.1, within(1e-12));
        assertThat(b.allowsQuery()).isFalse();
        assertThat(b.decide(0, true)).isFalse();
        assertThat(b.estimate()).isCloseTo(0.09, within(1e-12));
        assertThat(b.allowsQuery()).isTrue();
        assertThat(b.decide(0, true)).isTrue();
        assertThat(b.estimate()).isCloseTo(0.09 * 0.9 + 0.1, within(1e-12));
    }

    @Test
    void windowedEstimateRecoversAfterABurstButDoesNotSaveUpForIt() {
        // nothing wanted for 10,000 instances, then everything: the cumulative manager pays back
        // the whole unused budget in a burst, the windowed one only about w * b labels
        CumulativeBudget cumulative = new CumulativeBudget(0.1);
        WindowedBudget windowed = new WindowedBudget(0.1, 100);
        for (int i = 0; i < 10_000; i++) {
            cumulative.decide(0, false);
            windowed.decide(0, false);
        }
        int burstCumulative = 0;
        int burstWindowed = 0;
        for (int i = 0; i < 200; i++) {
            burstCumulative += cumulative.decide(0, true) ? 1 : 0;
            burstWindowed += windowed.decide(0, true) ? 1 : 0;
        }
        assertThat(burstCumulative).isEqualTo(200);
        assertThat(burstWindowed).isBetween(15, 40);
    }

    @Test
    void quantileFilterAsksForTheTopUtilitiesAndBalancesWhatIsOwed() {
        BalancedIncrementalQuantileFilter biqf =
                new BalancedIncrementalQuantileFilter(0.1, 100, 50);
        // utilities 0.00, 0.01, ..., 0.99 repeating: in the long run the top tenth is asked
        int asked = 0;
        int askedBelow = 0;
        for (int i = 0; i < 10_000; i++) {
            double u = (i * 37 % 100) / 100.0;
            boolean ask = biqf.decide(u, false); // the strategy's rule is ignored
            asked += ask ? 1 : 0;
            if (i >= 100 && ask && u < 0.85) {
                askedBelow++;
            }
        }
        assertThat(asked).isBetween(995, 1005);
        assertThat(askedBelow).isLessThan(20);
    }

    @Test
    void quantileFilterHoldsTheBudgetWhenAllUtilitiesAreEqual() {
        BalancedIncrementalQuantileFilter biqf =
                new BalancedIncrementalQuantileFilter(0.1, 100, 50);
        for (int i = 0; i < 10_000; i++) {
            biqf.decide(0.0, true);
        }
        assertThat(biqf.queried()).isBetween(999L, 1001L);
    }

    @Test
    void quantileThresholdInterpolatesLinearly() {
        BalancedIncrementalQuantileFilter biqf = new BalancedIncrementalQuantileFilter(0.25, 5, 1);
        // window 0, 1, 2, 3, 4 (seen 5, decisions made): 0.75 quantile = 3
        for (int i = 0; i < 5; i++) {
            biqf.decide(i, false);
        }
        double owed = 0.25 * 5 - biqf.queried();
        assertThat(biqf.balancedThreshold()).isCloseTo(3.0 - 4.0 * owed, within(1e-12));
    }
}
