package dev.streamlearn.operators.rl.env;

import dev.streamlearn.operators.nn.SplitMix64;

/**
 * Pendulum-v1 as Gymnasium's {@code classic_control/pendulum.py}: a torque in {@code [-2, 2]}
 * (clipped) swings a pendulum up; cost {@code angle^2 + 0.1 omega^2 + 0.001 u^2} with the angle
 * normalised to {@code [-pi, pi)}; semi-implicit Euler with dt 0.05, speed clipped to 8; never
 * terminates, truncated at 200 steps; initial angle uniform in {@code [-pi, pi)}, speed in {@code
 * [-1, 1)}. Observation {@code cos theta, sin theta, omega}.
 *
 * <pre>{@code
 * Pendulum env = new Pendulum(0);
 * double[] obs = env.reset();
 * Environment.Step s = env.step(new double[] {1.5});
 * }</pre>
 */
public final class Pendulum implements ContinuousEnvironment {
    static final double MAX_SPEED = 8;
    static final double MAX_TORQUE = 2.0;
    static final double DT = 0.05;
    static final double G = 10.0;
    static final double M = 1.0;
    static final double L = 1.0;

    private final int maxEpisodeSteps;
    private SplitMix64 rng;
    private final double[] state = new double[2];
    private int elapsed;
    private boolean done = true;

    /** Pendulum-v1 with its 200-step limit. */
    public Pendulum(long seed) {
        this(seed, 200);
    }

    public Pendulum(long seed, int maxEpisodeSteps) {
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException(
                    "maxEpisodeSteps must be positive (Pendulum-v1: 200), got " + maxEpisodeSteps);
        }
        this.rng = new SplitMix64(seed);
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    @Override
    public String id() {
        return "Pendulum-v1";
    }

    @Override
    public double[] reset() {
        state[0] = -Math.PI + 2 * Math.PI * rng.nextDouble();
        state[1] = -1.0 + 2.0 * rng.nextDouble();
        elapsed = 0;
        done = false;
        return observation();
    }

    @Override
    public double[] reset(long seed) {
        rng = new SplitMix64(seed);
        return reset();
    }

    @Override
    public Step step(double[] action) {
        if (done) {
            throw new IllegalStateException("the episode has ended: call reset() before step()");
        }
        if (action.length != 1 || Double.isNaN(action[0])) {
            throw new IllegalArgumentException(
                    "Pendulum takes one torque value, got " + action.length + " values");
        }
        double th = state[0];
        double thDot = state[1];
        double u = Math.min(Math.max(action[0], -MAX_TORQUE), MAX_TORQUE);
        double angle = angleNormalize(th);
        double cost = angle * angle + 0.1 * thDot * thDot + 0.001 * (u * u);
        double newThDot = thDot + (3 * G / (2 * L) * Math.sin(th) + 3.0 / (M * L * L) * u) * DT;
        newThDot = Math.min(Math.max(newThDot, -MAX_SPEED), MAX_SPEED);
        state[0] = th + newThDot * DT;
        state[1] = newThDot;
        elapsed++;
        boolean truncated = elapsed >= maxEpisodeSteps;
        done = truncated;
        return new Step(observation(), -cost, false, truncated);
    }

    /** {@code ((x + pi) mod 2 pi) - pi} with Python's floored modulo. */
    static double angleNormalize(double x) {
        double w = 2 * Math.PI;
        double mod = (x + Math.PI) % w;
        if (mod != 0 && mod < 0) {
            mod += w;
        }
        return mod - Math.PI;
    }

    private double[] observation() {
        return new double[] {
            (float) Math.cos(state[0]), (float) Math.sin(state[0]), (float) state[1]
        };
    }

    /** The float64 state {@code theta, theta_dot} (a copy). */
    public double[] state() {
        return state.clone();
    }

    /** Sets the state and starts an episode from it (for tests). */
    public void setState(double[] s) {
        if (s.length != 2) {
            throw new IllegalArgumentException(
                    "Pendulum's state is theta, theta_dot; got " + s.length + " values");
        }
        System.arraycopy(s, 0, state, 0, 2);
        elapsed = 0;
        done = false;
    }

    @Override
    public int observationSize() {
        return 3;
    }

    @Override
    public double[] actionLow() {
        return new double[] {-MAX_TORQUE};
    }

    @Override
    public double[] actionHigh() {
        return new double[] {MAX_TORQUE};
    }

    @Override
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Gymnasium registers none; the common "solved" level is about -200. */
    @Override
    public double rewardThreshold() {
        return -200;
    }
}
