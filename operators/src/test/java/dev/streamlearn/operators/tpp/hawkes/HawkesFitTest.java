package dev.streamlearn.operators.tpp.hawkes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.tpp.EventSequence;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Maximum likelihood on the notes' reference configuration: 200 training, 100 test sequences. */
class HawkesFitTest {
    private static final Hawkes A = ReferenceHawkes.regimeA();
    private static List<EventSequence> train;
    private static List<EventSequence> test;
    private static Hawkes fit;

    @BeforeAll
    static void fit() {
        train = HawkesSimulator.sample(A, ReferenceHawkes.HORIZON, 200, 2024);
        test = HawkesSimulator.sample(A, ReferenceHawkes.HORIZON, 100, 2025);
        fit = HawkesFit.fit(train, 3);
    }

    @Test
    void theFitRecoversTheParameters() {
        System.out.printf(
                "MLE on 200 sequences: beta %.4f, mu %s, alpha %s; test gap to the truth %.5f"
                        + " nats/event (full window); Poisson's gap %.4f%n",
                fit.beta(),
                java.util.Arrays.toString(fit.mu()),
                java.util.Arrays.deepToString(fit.alpha()),
                HawkesLikelihood.fullWindow(fit, test).perEvent()
                        - HawkesLikelihood.fullWindow(A, test).perEvent(),
                HawkesLikelihood.fullWindow(HawkesFit.poisson(train, 3), test).perEvent()
                        - HawkesLikelihood.fullWindow(A, test).perEvent());
        // the notes' fit on a sample of the same size: β̂ 1.551, Â within ±0.012 of A
        assertThat(fit.beta()).isCloseTo(1.5, within(0.1));
        assertThat(fit.mu()).containsExactly(A.mu(), within(0.03));
        for (int k = 0; k < 3; k++) {
            assertThat(fit.alpha()[k]).containsExactly(A.alpha()[k], within(0.04));
        }
    }

    @Test
    void theFitBeatsTheTruthOnItsTrainingDataAndNearlyMatchesItOnTest() {
        // a maximum: no other parameters, the truth included, do better on the data it saw
        assertThat(HawkesLikelihood.fullWindow(fit, train).total())
                .isGreaterThan(HawkesLikelihood.fullWindow(A, train).total());
        for (double beta : new double[] {fit.beta() * 0.9, fit.beta() * 1.1}) {
            assertThat(
                            HawkesLikelihood.fullWindow(
                                            new HawkesFit(train, 3, 2000, 1e-9).atBeta(beta), train)
                                    .total())
                    .isLessThan(HawkesLikelihood.fullWindow(fit, train).total());
        }
        // the notes: a gap of −0.0003 nats per event to the truth on test
        double gap =
                HawkesLikelihood.fullWindow(fit, test).perEvent()
                        - HawkesLikelihood.fullWindow(A, test).perEvent();
        assertThat(gap).isBetween(-0.004, 0.002);
    }

    @Test
    void thePoissonBaselineIsFarBelowTheTruth() {
        Hawkes poisson = HawkesFit.poisson(train, 3);
        assertThat(poisson.stationaryRates()).containsExactly(A.stationaryRates(), within(0.05));
        // the notes: −1.6763 against −1.4242, a gap of 0.252 nats per event (full window)
        double gap =
                HawkesLikelihood.fullWindow(poisson, test).perEvent()
                        - HawkesLikelihood.fullWindow(A, test).perEvent();
        assertThat(gap).isCloseTo(-0.252, within(0.03));
    }
}
