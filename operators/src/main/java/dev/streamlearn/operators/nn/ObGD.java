package dev.streamlearn.operators.nn;

import java.util.Arrays;

/**
 * Overshooting-bounded gradient descent with an eligibility trace (ObGD; Elsayed, Vasan and
 * Mahmood, "Streaming Deep Reinforcement Learning Finally Works", 2024). One instance per network;
 * per environment step, with TD error {@code delta} and gradient {@code g} of the learned quantity:
 *
 * <pre>
 * z     = gamma * lambda * z + g
 * M     = alpha * kappa * max(|delta|, 1) * ||z||_1      (one L1 norm over the whole network)
 * theta = theta + alpha / max(M, 1) * delta * z
 * z     = 0                                              when reset (end of episode, Q's cut)
 * </pre>
 *
 * The trace is part of the learner's state; {@link ObGDCodec} saves it.
 *
 * <pre>{@code
 * ObGD opt = new ObGD(net.parameterCount(), 1.0, 0.99, 0.8, 2.0);
 * double[] grad = new double[net.parameterCount()];
 * net.backward(pass, dValue, grad);
 * double stepSize = opt.step(net.parameters(), grad, tdError, done);
 * }</pre>
 */
public final class ObGD {
    private final double alpha;
    private final double gamma;
    private final double lambda;
    private final double kappa;
    private final double[] trace;
    private double lastStepSize;

    /**
     * @param parameters the number of parameters of the network
     * @param alpha the step size (reference 1.0)
     * @param gamma the discount (reference 0.99)
     * @param lambda the trace decay (reference 0.8)
     * @param kappa the bound's safety factor (reference 2 for values, 3 for policies)
     */
    public ObGD(int parameters, double alpha, double gamma, double lambda, double kappa) {
        if (parameters < 1) {
            throw new IllegalArgumentException(
                    "ObGD needs at least one parameter, got " + parameters);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("alpha must be positive, got " + alpha);
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        if (!(kappa > 0)) {
            throw new IllegalArgumentException("kappa must be positive, got " + kappa);
        }
        this.alpha = alpha;
        this.gamma = gamma;
        this.lambda = lambda;
        this.kappa = kappa;
        this.trace = new double[parameters];
        this.lastStepSize = alpha;
    }

    /**
     * One update of {@code params} in place: decays the trace and adds {@code grad}, then moves the
     * parameters along the trace by the bounded step; clears the trace afterwards when {@code
     * reset}. Returns the effective step size {@code alpha / max(M, 1)}.
     */
    public double step(double[] params, double[] grad, double delta, boolean reset) {
        if (params.length != trace.length || grad.length != trace.length) {
            throw new IllegalArgumentException(
                    "ObGD was built for "
                            + trace.length
                            + " parameters, got "
                            + params.length
                            + " parameters and "
                            + grad.length
                            + " gradients");
        }
        double decay = gamma * lambda;
        double l1 = 0;
        for (int k = 0; k < trace.length; k++) {
            double z = decay * trace[k] + grad[k];
            trace[k] = z;
            l1 += Math.abs(z);
        }
        double bound = alpha * kappa * Math.max(Math.abs(delta), 1) * l1;
        double stepSize = bound > 1 ? alpha / bound : alpha;
        double scale = stepSize * delta;
        for (int k = 0; k < trace.length; k++) {
            params[k] += scale * trace[k];
        }
        if (reset) {
            resetTrace();
        }
        lastStepSize = stepSize;
        return stepSize;
    }

    /** Clears the eligibility trace (a new episode, or an abandoned transition). */
    public void resetTrace() {
        Arrays.fill(trace, 0);
    }

    /** A copy of the eligibility trace. */
    public double[] trace() {
        return trace.clone();
    }

    /** The effective step size of the last update ({@code alpha} before the first). */
    public double lastStepSize() {
        return lastStepSize;
    }

    public int parameterCount() {
        return trace.length;
    }

    public double alpha() {
        return alpha;
    }

    public double gamma() {
        return gamma;
    }

    public double lambda() {
        return lambda;
    }

    public double kappa() {
        return kappa;
    }

    public long estimatedBytes() {
        return 8L * trace.length + 64;
    }

    /** An optimizer in a saved state, for its codec. */
    static ObGD restore(
            double alpha,
            double gamma,
            double lambda,
            double kappa,
            double[] trace,
            double lastStepSize) {
        ObGD opt = new ObGD(trace.length, alpha, gamma, lambda, kappa);
        System.arraycopy(trace, 0, opt.trace, 0, trace.length);
        opt.lastStepSize = lastStepSize;
        return opt;
    }
}
