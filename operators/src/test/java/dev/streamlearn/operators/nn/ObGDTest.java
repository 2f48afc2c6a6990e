package dev.streamlearn.operators.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.ModelCodecs;
import org.junit.jupiter.api.Test;

/** ObGD against steps computed by hand. */
class ObGDTest {

    @Test
    void firstStepIsBoundedByKappaTimesDeltaTimesTraceNorm() {
        ObGD opt = new ObGD(3, 1.0, 0.99, 0.8, 2.0);
        double[] theta = {0.5, -1.0, 2.0};
        double[] g = {0.3, -0.2, 0.1};
        // z = g, ||z||_1 = 0.6; delta 1.5 -> delta_bar 1.5; M = 1 * 2 * 1.5 * 0.6 = 1.8
        // step = 1 / 1.8; theta += step * 1.5 * z
        double step = opt.step(theta, g, 1.5, false);
        assertThat(step).isCloseTo(1 / 1.8, within(1e-15));
        double s = 1.5 / 1.8;
        assertThat(theta[0]).isCloseTo(0.5 + s * 0.3, within(1e-15));
        assertThat(theta[1]).isCloseTo(-1.0 - s * 0.2, within(1e-15));
        assertThat(theta[2]).isCloseTo(2.0 + s * 0.1, within(1e-15));
        assertThat(opt.trace()).containsExactly(0.3, -0.2, 0.1);
    }

    @Test
    void secondStepDecaysTheTraceAndUsesOneForSmallDeltas() {
        ObGD opt = new ObGD(2, 0.5, 0.9, 0.5, 3.0);
        double[] theta = {0, 0};
        opt.step(theta, new double[] {1.0, 2.0}, 0.1, false);
        // first: z = (1, 2), M = 0.5 * 3 * max(0.1, 1) * 3 = 4.5 -> step 0.5 / 4.5
        double s1 = 0.5 / 4.5;
        assertThat(theta).containsExactly(new double[] {s1 * 0.1, s1 * 0.2}, within(1e-15));
        // second: z = 0.45 * (1, 2) + (-1, 0.5) = (-0.55, 1.4); ||z|| = 1.95
        // delta -0.2 -> delta_bar 1; M = 0.5 * 3 * 1 * 1.95 = 2.925 -> step 0.5 / 2.925
        double step = opt.step(theta, new double[] {-1.0, 0.5}, -0.2, true);
        double s2 = 0.5 / 2.925;
        assertThat(step).isCloseTo(s2, within(1e-15));
        assertThat(theta[0]).isCloseTo(s1 * 0.1 + s2 * -0.2 * -0.55, within(1e-15));
        assertThat(theta[1]).isCloseTo(s1 * 0.2 + s2 * -0.2 * 1.4, within(1e-15));
        assertThat(opt.trace()).as("reset after the update").containsExactly(0.0, 0.0);
    }

    @Test
    void unboundedStepWhenTheBoundIsBelowOne() {
        ObGD opt = new ObGD(2, 0.1, 0.99, 0.8, 2.0);
        double[] theta = {1, 1};
        // M = 0.1 * 2 * 1 * 0.3 = 0.06 < 1: the full alpha
        double step = opt.step(theta, new double[] {0.1, -0.2}, 0.5, false);
        assertThat(step).isEqualTo(0.1);
        assertThat(theta).containsExactly(new double[] {1.005, 0.99}, within(1e-15));
    }

    @Test
    void codecRoundTripKeepsTheTraceAndStepsAsTheOriginal() {
        ObGD opt = new ObGD(2, 1, 0.99, 0.8, 2);
        opt.step(new double[2], new double[] {0.25, -3}, 2, false);
        byte[] bytes = ModelCodecs.ALL.encode(opt);
        ObGD copy = ModelCodecs.ALL.decode(bytes, ObGD.class);
        assertThat(copy.trace()).containsExactly(0.25, -3.0);
        assertThat(copy.lastStepSize()).isEqualTo(opt.lastStepSize());
        assertThat(copy.kappa()).isEqualTo(2);
        assertThat(new ObGDCodec().encode(copy)).isEqualTo(bytes);
        double[] theta = {0.5, -0.5};
        double[] thetaCopy = theta.clone();
        double[] grad = {-1.5, 0.75};
        assertThat(copy.step(thetaCopy, grad, -0.7, true))
                .isEqualTo(opt.step(theta, grad, -0.7, true));
        assertThat(thetaCopy).containsExactly(theta);
    }

    @Test
    void rejectsMismatchedArrays() {
        ObGD opt = new ObGD(2, 1, 0.99, 0.8, 2);
        assertThatThrownBy(() -> opt.step(new double[3], new double[3], 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("built for 2 parameters");
    }
}
