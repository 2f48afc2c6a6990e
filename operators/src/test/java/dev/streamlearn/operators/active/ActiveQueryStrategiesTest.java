package dev.streamlearn.operators.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.active.QueryStrategy.Score;
import org.junit.jupiter.api.Test;

/** Each strategy's rule on hand-made probabilities. */
class ActiveQueryStrategiesTest {
    private static final double[] SURE = {0.95, 0.05};
    private static final double[] UNSURE = {0.55, 0.45};

    /** How often {@code strategy} asks about {@code proba} in {@code n} scores. */
    private static double askRate(QueryStrategy strategy, double[] proba, int n) {
        int asked = 0;
        for (int i = 0; i < n; i++) {
            asked += strategy.score(proba).wanted() ? 1 : 0;
        }
        return (double) asked / n;
    }

    @Test
    void fixedUncertaintyAsksBelowItsThresholdOnly() {
        FixedUncertainty fixed = new FixedUncertainty(0.9);
        assertThat(fixed.score(new double[] {0.89, 0.11}).wanted()).isTrue();
        assertThat(fixed.score(new double[] {0.9, 0.1}).wanted()).isFalse();
        assertThat(fixed.score(new double[] {0.2, 0.3, 0.5}).wanted()).isTrue();
        assertThat(fixed.score(SURE).utility()).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void variableThresholdFallsAfterAQuestionAndRisesOtherwise() {
        VariableUncertainty v = new VariableUncertainty(0.01);
        Score s = v.score(new double[] {0.7, 0.3});
        assertThat(s.wanted()).isTrue(); // 0.7 < theta = 1
        v.update(s, true);
        assertThat(v.threshold()).isCloseTo(0.99, within(1e-12));
        v.update(v.score(new double[] {0.995, 0.005}), false);
        assertThat(v.threshold()).isCloseTo(0.99 * 1.01, within(1e-12));
        // after enough questions the threshold drops below an unsure prediction's P
        for (int i = 0; i < 60; i++) {
            v.update(v.score(UNSURE), true);
        }
        assertThat(v.threshold()).isCloseTo(0.9999 * Math.pow(0.99, 60), within(1e-9));
        assertThat(v.score(new double[] {0.6, 0.4}).wanted()).isFalse();
        assertThat(v.score(new double[] {0.5, 0.5}).wanted()).isTrue();
    }

    @Test
    void randomizedVariableUncertaintyDividesByANormalFactor() {
        // with sd 0 it is Variable Uncertainty
        RandomizedVariableUncertainty exact = new RandomizedVariableUncertainty(0.01, 0, 1);
        assertThat(exact.score(new double[] {0.99, 0.01}).wanted()).isTrue();
        assertThat(exact.score(new double[] {0.99, 0.01}).utility()).isCloseTo(0.01, within(1e-12));

        // a certain prediction (P = 1) with theta = 1 is asked about iff eta < 0 or eta > 1:
        // P(eta > 1 or eta < 0) = 0.5 + 0.1587 under N(1, 1)
        RandomizedVariableUncertainty rv = new RandomizedVariableUncertainty(0.01, 1, 7);
        double rate = askRate(rv, new double[] {1.0, 0.0}, 200_000);
        assertThat(rate).isCloseTo(0.6587, within(0.005));
        // utilities stay in [0, 1] even for eta near 0 or negative
        for (int i = 0; i < 10_000; i++) {
            assertThat(rv.score(UNSURE).utility()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void selectiveSamplingAsksWithProbabilityBOverBPlusMargin() {
        SelectiveSampling sel = new SelectiveSampling(0.1, 3);
        assertThat(sel.askProbability(new double[] {0.5, 0.5})).isEqualTo(1.0);
        assertThat(sel.askProbability(SURE)).isCloseTo(0.1 / (0.1 + 0.45), within(1e-12));
        assertThat(sel.askProbability(new double[] {0.6, 0.2, 0.2}))
                .isCloseTo(0.1 / (0.1 + 0.6 - 1.0 / 3), within(1e-12));
        assertThat(askRate(sel, SURE, 200_000)).isCloseTo(0.1 / 0.55, within(0.004));
        assertThat(sel.score(SURE).utility()).isCloseTo(0.1 / 0.55, within(1e-12));
    }

    @Test
    void randomAsksWithProbabilityBWhateverTheClassifierSays() {
        assertThat(askRate(new RandomSampling(0.1, 5), SURE, 200_000))
                .isCloseTo(0.1, within(0.003));
        assertThat(askRate(new RandomSampling(0.2, 5), UNSURE, 200_000))
                .isCloseTo(0.2, within(0.004));
    }

    @Test
    void splitTreatsItsShareAsRandomAndTheRestAsVariableUncertainty() {
        // P = 1 is never below theta = 1: only the random share asks, at v * b
        SplitSampling split = new SplitSampling(0.01, 0.1, 0.2, 11);
        int asked = 0;
        int adjusting = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            Score s = split.score(new double[] {1.0, 0.0});
            asked += s.wanted() ? 1 : 0;
            adjusting += s.adjustsThreshold() ? 1 : 0;
            assertThat(s.wanted() && s.adjustsThreshold()).isFalse();
        }
        assertThat((double) asked / n).isCloseTo(0.1 * 0.2, within(0.002));
        assertThat((double) adjusting / n).isCloseTo(0.9, within(0.004));

        // the random share leaves theta alone
        SplitSampling allRandom = new SplitSampling(0.01, 1.0, 0.2, 11);
        Score s = allRandom.score(UNSURE);
        allRandom.update(s, true);
        assertThat(allRandom.threshold()).isEqualTo(1.0);
        SplitSampling noRandom = new SplitSampling(0.01, 0.0, 0.2, 11);
        s = noRandom.score(UNSURE);
        assertThat(s.wanted()).isTrue();
        noRandom.update(s, true);
        assertThat(noRandom.threshold()).isCloseTo(0.99, within(1e-12));
    }

    @Test
    void entropyAsksWithProbabilityNormalisedEntropyToTheDiscount() {
        assertThat(QueryStrategy.normalisedEntropy(new double[] {0.5, 0.5})).isEqualTo(1.0);
        assertThat(QueryStrategy.normalisedEntropy(new double[] {1.0, 0.0})).isEqualTo(0.0);
        // classes with p = 0 do not count (River): two positive classes of three
        assertThat(QueryStrategy.normalisedEntropy(new double[] {0.5, 0.5, 0.0})).isEqualTo(1.0);
        double h = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)) / Math.log(2);
        assertThat(QueryStrategy.normalisedEntropy(new double[] {0.9, 0.1}))
                .isCloseTo(h, within(1e-12));

        EntropySampling e = new EntropySampling(3, 13);
        assertThat(e.askProbability(new double[] {0.9, 0.1}))
                .isCloseTo(Math.pow(h, 3), within(1e-12));
        assertThat(askRate(e, new double[] {0.9, 0.1}, 200_000))
                .isCloseTo(Math.pow(h, 3), within(0.004));
        assertThat(askRate(new EntropySampling(0, 13), SURE, 1000)).isEqualTo(1.0);
        assertThat(askRate(e, new double[] {1.0, 0.0}, 1000)).isEqualTo(0.0);
    }

    @Test
    void sameSeedGivesTheSameDecisions() {
        for (StrategyConfig.Kind kind : StrategyConfig.Kind.values()) {
            QueryStrategy a = QueryStrategy.create(StrategyConfig.of(kind), 0.1, 99);
            QueryStrategy b = QueryStrategy.create(StrategyConfig.of(kind), 0.1, 99);
            for (int i = 0; i < 1000; i++) {
                double p = (i % 97) / 96.0;
                double[] proba = {p, 1 - p};
                Score sa = a.score(proba);
                assertThat(b.score(proba)).as(kind.cliName()).isEqualTo(sa);
                a.update(sa, sa.wanted());
                b.update(sa, sa.wanted());
            }
        }
    }

    @Test
    void configsSayWhatWasWrong() {
        assertThatThrownBy(() -> StrategyConfig.Kind.fromName("uncertain"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'uncertain'")
                .hasMessageContaining("randvar");
        assertThatThrownBy(
                        () ->
                                StrategyConfig.of(StrategyConfig.Kind.FIXED_UNCERTAINTY)
                                        .withFixedThreshold(1.5))
                .hasMessageContaining("fixed threshold must be in (0, 1]");
        assertThatThrownBy(() -> BudgetConfig.of(BudgetConfig.Kind.CUMULATIVE, 0))
                .hasMessageContaining("budget must be a share of instances in (0, 1]");
        assertThatThrownBy(() -> BudgetConfig.Kind.fromName("fixed"))
                .hasMessageContaining("cumulative, windowed, biqf");
        assertThat(StrategyConfig.Kind.fromName("SelSampling"))
                .isEqualTo(StrategyConfig.Kind.SELECTIVE_SAMPLING);
    }
}
