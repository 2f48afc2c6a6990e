package dev.streamlearn.operators.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** BCE-with-logits against its closed form and softmax with temperature. */
class LossesTest {

    @Test
    void bceWithLogitsEqualsTheClosedFormAndSums() {
        double[] logits = {-3, -0.5, 0, 0.7, 4, 1.3};
        double[] targets = {0, 1, 1, 0, 1, 0.3};
        double expectedSum = 0;
        for (int i = 0; i < logits.length; i++) {
            double z = logits[i];
            double y = targets[i];
            double s = 1 / (1 + Math.exp(-z));
            double expected = -(y * Math.log(s) + (1 - y) * Math.log(1 - s));
            double one = Losses.bceWithLogits(new double[] {z}, new double[] {y}, null);
            assertThat(one).as("z=%s y=%s", z, y).isCloseTo(expected, within(1e-12));
            expectedSum += expected;
        }
        assertThat(Losses.bceWithLogits(logits, targets, null))
                .isCloseTo(expectedSum, within(1e-12));
    }

    @Test
    void bceWithLogitsIsFiniteAndExactForLargeLogits() {
        // log(1 + e^-50) = e^-50 to double precision; the naive form would take log(0)
        double tiny = Math.exp(-50);
        assertThat(bce(50, 1)).isCloseTo(tiny, within(tiny * 1e-12));
        assertThat(bce(-50, 0)).isCloseTo(tiny, within(tiny * 1e-12));
        assertThat(bce(50, 0)).isCloseTo(50, within(1e-12));
        assertThat(bce(-50, 1)).isCloseTo(50, within(1e-12));
        // where e^|z| itself overflows
        assertThat(bce(800, 0)).isEqualTo(800);
        assertThat(bce(-800, 1)).isEqualTo(800);
        assertThat(bce(800, 1)).isZero();
        assertThat(bce(-800, 0)).isZero();

        assertThat(grad(50, 0)).isEqualTo(1);
        assertThat(grad(-50, 1)).isEqualTo(-1);
        assertThat(grad(-50, 0)).isCloseTo(tiny, within(tiny * 1e-12));
        assertThat(grad(50, 1)).isCloseTo(0, within(1e-15));
        assertThat(grad(-800, 0)).isZero();
        assertThat(grad(800, 0)).isEqualTo(1);
    }

    @Test
    void bceGradientIsSigmoidMinusTargetAndMatchesFiniteDifferences() {
        double[] logits = {-6, -1.2, 0, 0.4, 2.5, 9};
        double[] targets = {1, 0, 0.5, 1, 0, 0.2};
        double[] g = new double[logits.length];
        Losses.bceWithLogits(logits, targets, g);
        double h = 1e-6;
        for (int i = 0; i < logits.length; i++) {
            double z = logits[i];
            double y = targets[i];
            assertThat(g[i]).isCloseTo(1 / (1 + Math.exp(-z)) - y, within(1e-15));
            double numeric = (bce(z + h, y) - bce(z - h, y)) / (2 * h);
            assertThat(g[i]).as("z=%s y=%s", z, y).isCloseTo(numeric, within(1e-8));
        }
    }

    @Test
    void sigmoidIsStableOnBothSides() {
        assertThat(Losses.sigmoid(0)).isEqualTo(0.5);
        assertThat(Losses.sigmoid(1000)).isEqualTo(1);
        assertThat(Losses.sigmoid(-1000)).isZero();
        assertThat(Losses.sigmoid(-2) + Losses.sigmoid(2)).isCloseTo(1, within(1e-15));
    }

    @Test
    void softmaxSumsToOneAndTemperatureKeepsTheArgmax() {
        double[] logits = {0.3, -1.2, 2.1, 1.9, -0.4};
        double previousMax = 1;
        for (double t : new double[] {0.1, 0.5, 1, 2, 10}) {
            double[] p = Losses.softmax(logits, t);
            assertThat(sum(p)).as("T=%s", t).isCloseTo(1, within(1e-12));
            assertThat(argmax(p)).as("T=%s", t).isEqualTo(2);
            for (double v : p) {
                assertThat(v).isPositive();
            }
            // a higher temperature flattens the distribution
            assertThat(p[2]).isLessThan(previousMax);
            previousMax = p[2];
        }
        double[] p = Losses.softmax(logits, 1);
        double norm = 0;
        for (double z : logits) {
            norm += Math.exp(z);
        }
        for (int i = 0; i < logits.length; i++) {
            assertThat(p[i]).isCloseTo(Math.exp(logits[i]) / norm, within(1e-15));
        }
    }

    @Test
    void softmaxDoesNotOverflowOnLargeLogits() {
        double[] p = Losses.softmax(new double[] {1000, 999, -1000}, 1);
        assertThat(p).doesNotContain(Double.NaN);
        assertThat(sum(p)).isCloseTo(1, within(1e-12));
        assertThat(p[0] / p[1]).isCloseTo(Math.E, within(1e-9));
        assertThat(p[2]).isZero();
    }

    private static double bce(double z, double y) {
        return Losses.bceWithLogits(new double[] {z}, new double[] {y}, null);
    }

    private static double grad(double z, double y) {
        double[] g = new double[1];
        Losses.bceWithLogits(new double[] {z}, new double[] {y}, g);
        return g[0];
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
