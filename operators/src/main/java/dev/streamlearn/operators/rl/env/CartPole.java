package dev.streamlearn.operators.rl.env;

import dev.streamlearn.operators.nn.SplitMix64;

/**
 * CartPole-v1 as Gymnasium's {@code classic_control/cartpole.py} (Barto, Sutton and Anderson,
 * 1983): Euler integration in float64 with Gymnasium's operation order (bit-exact to its reference
 * vectors), reward 1 on every step including the terminal one, termination when {@code |x| > 2.4}
 * or {@code |theta| > 12 degrees}, truncation at 500 steps, initial state uniform in {@code [-0.05,
 * 0.05)^4}. Action 1 pushes right. The seeded generator is {@link SplitMix64}, so initial states
 * differ from Gymnasium's for the same seed.
 *
 * <pre>{@code
 * CartPole env = new CartPole(0);
 * double[] obs = env.reset();   // x, x_dot, theta, theta_dot
 * Environment.Step s = env.step(1);
 * }</pre>
 */
public final class CartPole implements DiscreteEnvironment {
    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    static final double LENGTH = 0.5;
    static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;

    private final int maxEpisodeSteps;
    private SplitMix64 rng;
    private final double[] state = new double[4];
    private int elapsed;
    private boolean done = true;

    /** CartPole-v1 with its 500-step limit. */
    public CartPole(long seed) {
        this(seed, 500);
    }

    /** With another time limit (the stream-x scripts use 10,000). */
    public CartPole(long seed, int maxEpisodeSteps) {
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException(
                    "maxEpisodeSteps must be positive (CartPole-v1: 500), got " + maxEpisodeSteps);
        }
        this.rng = new SplitMix64(seed);
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    @Override
    public String id() {
        return "CartPole-v1";
    }

    @Override
    public double[] reset() {
        for (int i = 0; i < 4; i++) {
            state[i] = -0.05 + 0.1 * rng.nextDouble();
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
        if (a != 0 && a != 1) {
            throw new IllegalArgumentException("CartPole actions are 0 and 1, got " + a);
        }
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double force = a == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        // Gymnasium's order: square first, then pml * square * sin (bit-exactness depends on it)
        double thetaDotSq = thetaDot * thetaDot;
        double temp = (force + POLE_MASS_LENGTH * thetaDotSq * sin) / TOTAL_MASS;
        double cosSq = cos * cos;
        double thetaAcc =
                (GRAVITY * sin - cos * temp)
                        / (LENGTH * (4.0 / 3.0 - MASS_POLE * cosSq / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        state[0] = x + TAU * xDot;
        state[1] = xDot + TAU * xAcc;
        state[2] = theta + TAU * thetaDot;
        state[3] = thetaDot + TAU * thetaAcc;
        elapsed++;
        boolean terminated =
                state[0] < -X_THRESHOLD
                        || state[0] > X_THRESHOLD
                        || state[2] < -THETA_THRESHOLD
                        || state[2] > THETA_THRESHOLD;
        boolean truncated = elapsed >= maxEpisodeSteps;
        done = terminated || truncated;
        return new Step(observation(), 1.0, terminated, truncated);
    }

    private double[] observation() {
        double[] obs = new double[4];
        for (int i = 0; i < 4; i++) {
            obs[i] = (float) state[i];
        }
        return obs;
    }

    /** The float64 state {@code x, x_dot, theta, theta_dot} (a copy). */
    public double[] state() {
        return state.clone();
    }

    /** Sets the state and starts an episode from it (for tests against reference vectors). */
    public void setState(double[] s) {
        if (s.length != 4) {
            throw new IllegalArgumentException(
                    "CartPole's state is x, x_dot, theta, theta_dot; got " + s.length + " values");
        }
        System.arraycopy(s, 0, state, 0, 4);
        elapsed = 0;
        done = false;
    }

    @Override
    public int observationSize() {
        return 4;
    }

    @Override
    public int actionCount() {
        return 2;
    }

    @Override
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    @Override
    public double rewardThreshold() {
        return 475;
    }
}
