package dev.streamlearn.operators.rl.env;

import dev.streamlearn.operators.nn.SplitMix64;

/**
 * Acrobot-v1 as Gymnasium's {@code classic_control/acrobot.py} (Sutton, 1996; "book" dynamics): two
 * links, torque {@code -1, 0, +1} on the joint between them, one RK4 step of 0.2 s per action,
 * angles wrapped to {@code [-pi, pi]}, velocities clipped to {@code 4 pi} and {@code 9 pi}.
 * Observation {@code cos t1, sin t1, cos t2, sin t2, t1_dot, t2_dot}; reward -1 per step and 0 on
 * the terminal one (free end above the bar: {@code -cos t1 - cos(t1 + t2) > 1}); truncation at 500
 * steps; initial state uniform in {@code [-0.1, 0.1)^4}, rounded to float32.
 *
 * <pre>{@code
 * Acrobot env = new Acrobot(0);
 * double[] obs = env.reset();
 * Environment.Step s = env.step(2);   // +1 torque
 * }</pre>
 */
public final class Acrobot implements DiscreteEnvironment {
    static final double DT = 0.2;
    static final double L1 = 1.0;
    static final double M1 = 1.0;
    static final double M2 = 1.0;
    static final double LC1 = 0.5;
    static final double LC2 = 0.5;
    static final double I1 = 1.0;
    static final double I2 = 1.0;
    static final double G = 9.8;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] TORQUE = {-1.0, 0.0, 1.0};

    private final int maxEpisodeSteps;
    private SplitMix64 rng;
    private final double[] state = new double[4];
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] tmp = new double[4];
    private int elapsed;
    private boolean done = true;

    /** Acrobot-v1 with its 500-step limit. */
    public Acrobot(long seed) {
        this(seed, 500);
    }

    public Acrobot(long seed, int maxEpisodeSteps) {
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException(
                    "maxEpisodeSteps must be positive (Acrobot-v1: 500), got " + maxEpisodeSteps);
        }
        this.rng = new SplitMix64(seed);
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    @Override
    public String id() {
        return "Acrobot-v1";
    }

    @Override
    public double[] reset() {
        for (int i = 0; i < 4; i++) {
            state[i] = (float) (-0.1 + 0.2 * rng.nextDouble());
        }
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
    public Step step(Integer action) {
        if (done) {
            throw new IllegalStateException("the episode has ended: call reset() before step()");
        }
        int a = action;
        if (a < 0 || a > 2) {
            throw new IllegalArgumentException(
                    "Acrobot actions are 0, 1, 2 (torque -1, 0, +1), got " + a);
        }
        double torque = TORQUE[a];
        // Gymnasium's rk4 over [0, dt]
        double dt2 = DT / 2.0;
        derivatives(state, torque, k1);
        for (int i = 0; i < 4; i++) {
            tmp[i] = state[i] + dt2 * k1[i];
        }
        derivatives(tmp, torque, k2);
        for (int i = 0; i < 4; i++) {
            tmp[i] = state[i] + dt2 * k2[i];
        }
        derivatives(tmp, torque, k3);
        for (int i = 0; i < 4; i++) {
            tmp[i] = state[i] + DT * k3[i];
        }
        derivatives(tmp, torque, k4);
        for (int i = 0; i < 4; i++) {
            state[i] = state[i] + DT / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        state[0] = wrap(state[0], -Math.PI, Math.PI);
        state[1] = wrap(state[1], -Math.PI, Math.PI);
        state[2] = Math.min(Math.max(state[2], -MAX_VEL_1), MAX_VEL_1);
        state[3] = Math.min(Math.max(state[3], -MAX_VEL_2), MAX_VEL_2);
        elapsed++;
        boolean terminated = -Math.cos(state[0]) - Math.cos(state[1] + state[0]) > 1.0;
        boolean truncated = elapsed >= maxEpisodeSteps;
        done = terminated || truncated;
        return new Step(observation(), terminated ? 0.0 : -1.0, terminated, truncated);
    }

    /**
     * The book dynamics, in Gymnasium's operation order (squares first): d/dt of (t1, t2, t1_dot,
     * t2_dot) under torque {@code a}.
     */
    static void derivatives(double[] s, double a, double[] out) {
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double d1 =
                M1 * LC1 * LC1
                        + M2 * (L1 * L1 + LC2 * LC2 + 2 * L1 * LC2 * Math.cos(theta2))
                        + I1
                        + I2;
        double d2 = M2 * (LC2 * LC2 + L1 * LC2 * Math.cos(theta2)) + I2;
        double phi2 = M2 * LC2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 =
                -M2 * L1 * LC2 * (dtheta2 * dtheta2) * Math.sin(theta2)
                        - 2 * M2 * L1 * LC2 * dtheta2 * dtheta1 * Math.sin(theta2)
                        + (M1 * LC1 + M2 * L1) * G * Math.cos(theta1 - Math.PI / 2)
                        + phi2;
        double ddtheta2 =
                (a + d2 / d1 * phi1 - M2 * L1 * LC2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2)
                        / (M2 * LC2 * LC2 + I2 - d2 * d2 / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    static double wrap(double x, double m, double max) {
        double diff = max - m;
        while (x > max) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    private double[] observation() {
        return new double[] {
            (float) Math.cos(state[0]),
            (float) Math.sin(state[0]),
            (float) Math.cos(state[1]),
            (float) Math.sin(state[1]),
            (float) state[2],
            (float) state[3]
        };
    }

    /** The float64 state {@code t1, t2, t1_dot, t2_dot} (a copy). */
    public double[] state() {
        return state.clone();
    }

    /** Sets the state and starts an episode from it (for tests). */
    public void setState(double[] s) {
        if (s.length != 4) {
            throw new IllegalArgumentException(
                    "Acrobot's state is t1, t2, t1_dot, t2_dot; got " + s.length + " values");
        }
        System.arraycopy(s, 0, state, 0, 4);
        elapsed = 0;
        done = false;
    }

    @Override
    public int observationSize() {
        return 6;
    }

    @Override
    public int actionCount() {
        return 3;
    }

    @Override
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    @Override
    public double rewardThreshold() {
        return -100;
    }
}
