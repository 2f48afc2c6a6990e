package dev.streamlearn.operators.rl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Acrobot-v1 and Pendulum-v1: dynamics checked by hand and Gymnasium's episode semantics. */
class AcrobotPendulumTest {

    @Test
    void acrobotHangingDownAtRestIsAnEquilibriumAndTorqueAcceleratesTheSecondJoint() {
        double[] d = new double[4];
        Acrobot.derivatives(new double[] {0, 0, 0, 0}, 0, d);
        assertThat(d).containsExactly(new double[] {0, 0, 0, 0}, within(1e-15));
        Acrobot.derivatives(new double[] {0, 0, 0, 0}, 1, d);
        // at rest, hanging: d1 = 0.25 + (1 + 0.25 + 1) + 2 = 4.5, d2 = 0.25 + 0.5 + 1 = 1.75
        // ddtheta2 = 1 / (0.25 + 1 - 1.75^2 / 4.5), ddtheta1 = -d2 * ddtheta2 / d1
        double dd2 = 1 / (0.25 + 1 - 1.75 * 1.75 / 4.5);
        assertThat(d[3]).isCloseTo(dd2, within(1e-12));
        assertThat(d[2]).isCloseTo(-1.75 * dd2 / 4.5, within(1e-12));
    }

    @Test
    void acrobotRewardsMinusOneUntilTheTipIsAboveTheBarThenZero() {
        Acrobot env = new Acrobot(2);
        double[] obs = env.reset();
        double[] s = env.state();
        for (double v : s) {
            assertThat(v).isBetween(-0.1, 0.1).isEqualTo((double) (float) v);
        }
        assertThat(obs[0]).isEqualTo((double) (float) Math.cos(s[0]));
        assertThat(obs[3]).isEqualTo((double) (float) Math.sin(s[1]));
        Environment.Step step = env.step(1);
        assertThat(step.reward()).isEqualTo(-1.0);
        assertThat(step.terminated()).isFalse();

        env.setState(new double[] {Math.PI, 0, 0, 0}); // first link straight up
        step = env.step(1);
        assertThat(step.terminated()).isTrue();
        assertThat(step.reward()).isZero();
        assertThat(Acrobot.wrap(3.5, -Math.PI, Math.PI)).isEqualTo(3.5 - 2 * Math.PI);
        assertThat(Acrobot.wrap(-7, -Math.PI, Math.PI)).isCloseTo(-7 + 2 * Math.PI, within(1e-15));
    }

    @Test
    void acrobotTruncatesAt500AndClipsVelocities() {
        Acrobot env = new Acrobot(4);
        env.reset();
        Environment.Step s;
        int steps = 0;
        do {
            s = env.step(1); // no torque: it never swings up
            steps++;
        } while (!s.done());
        assertThat(steps).isEqualTo(500);
        assertThat(s.truncated()).isTrue();
        assertThat(s.terminated()).isFalse();

        env.setState(new double[] {0, 0, 100, -100});
        env.step(1);
        assertThat(Math.abs(env.state()[2])).isLessThanOrEqualTo(4 * Math.PI);
        assertThat(Math.abs(env.state()[3])).isLessThanOrEqualTo(9 * Math.PI);
    }

    @Test
    void pendulumStepMatchesTheFormulaAndClipsTheTorque() {
        Pendulum env = new Pendulum(1);
        env.setState(new double[] {0.5, 0.1});
        Environment.Step s = env.step(new double[] {5.0}); // clipped to 2
        double cost = 0.25 + 0.1 * 0.01 + 0.001 * 4;
        double thDot = 0.1 + (15 * Math.sin(0.5) + 3.0 * 2) * 0.05;
        assertThat(s.reward()).isCloseTo(-cost, within(1e-15));
        assertThat(env.state())
                .containsExactly(new double[] {0.5 + thDot * 0.05, thDot}, within(1e-15));
        assertThat(s.observation()[2]).isEqualTo((double) (float) thDot);
        assertThat(s.terminated()).isFalse();
    }

    @Test
    void pendulumNormalisesAnglesWithPythonsFlooredModulo() {
        assertThat(Pendulum.angleNormalize(-4)).isCloseTo(-4 + 2 * Math.PI, within(1e-15));
        assertThat(Pendulum.angleNormalize(4)).isCloseTo(4 - 2 * Math.PI, within(1e-15));
        assertThat(Pendulum.angleNormalize(0.3)).isCloseTo(0.3, within(1e-15));
        assertThat(Pendulum.angleNormalize(7)).isCloseTo(7 - 2 * Math.PI, within(1e-15));
    }

    @Test
    void pendulumNeverTerminatesAndTruncatesAt200() {
        Pendulum env = new Pendulum(5);
        double[] obs = env.reset();
        assertThat(obs[0] * obs[0] + obs[1] * obs[1]).isCloseTo(1, within(1e-6));
        assertThat(env.state()[1]).isBetween(-1.0, 1.0);
        Environment.Step s;
        int steps = 0;
        do {
            s = env.step(new double[] {0.3});
            assertThat(s.reward()).isLessThanOrEqualTo(0);
            steps++;
        } while (!s.done());
        assertThat(steps).isEqualTo(200);
        assertThat(s.truncated()).isTrue();
        assertThat(s.terminated()).isFalse();
    }
}
