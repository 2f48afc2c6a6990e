package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.nn.SplitMix64;

/**
 * The policy heads of the stream-x actor-critic agents and the exact gradients of their objective
 * {@code log pi(A|S) + c * H(pi(.|S))}, where the agents pass {@code c = entropy * sign(delta)}.
 *
 * <ul>
 *   <li>Softmax over logits (discrete actions): {@code d/dlogit_j = 1[j = A] - p_j - c * p_j * (log
 *       p_j + H)}.
 *   <li>Gaussian (continuous actions): the head's {@code 2d} outputs are the means and the
 *       pre-softplus standard deviations ({@code sigma = softplus(u)}, PyTorch's threshold 20, no
 *       minimum); log-density and entropy {@code 1/2 + 1/2 ln 2 pi + ln sigma} summed over the
 *       dimensions.
 * </ul>
 *
 * <pre>{@code
 * PolicyHeads.softmax(logits, probs);
 * int a = PolicyHeads.sampleCategorical(probs, rng);
 * PolicyHeads.softmaxObjectiveGradient(probs, a, 0.01 * Math.signum(delta), dLogits);
 * }</pre>
 */
public final class PolicyHeads {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private PolicyHeads() {}

    /** Writes the softmax of {@code logits} into {@code probs}, computed stably. */
    public static void softmax(double[] logits, double[] probs) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            probs[i] = Math.exp(logits[i] - max);
            sum += probs[i];
        }
        for (int i = 0; i < logits.length; i++) {
            probs[i] /= sum;
        }
    }

    /** The entropy {@code -sum p log p} (0 log 0 = 0). */
    public static double entropy(double[] probs) {
        double h = 0;
        for (double p : probs) {
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    /** Index {@code j} with probability {@code probs[j]}, by inversion of one uniform draw. */
    public static int sampleCategorical(double[] probs, SplitMix64 rng) {
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int j = 0; j < probs.length - 1; j++) {
            cumulative += probs[j];
            if (u < cumulative) {
                return j;
            }
        }
        return probs.length - 1;
    }

    /**
     * Writes into {@code dLogits} the gradient with respect to the logits of {@code log p_action +
     * c * H(p)}, given the softmax probabilities {@code probs}.
     */
    public static void softmaxObjectiveGradient(
            double[] probs, int action, double c, double[] dLogits) {
        double h = entropy(probs);
        for (int j = 0; j < probs.length; j++) {
            double p = probs[j];
            double entropyTerm = p > 0 ? p * (Math.log(p) + h) : 0;
            dLogits[j] = (j == action ? 1 : 0) - p - c * entropyTerm;
        }
    }

    /** PyTorch's {@code softplus} (beta 1, threshold 20). */
    public static double softplus(double u) {
        return u > 20 ? u : Math.log1p(Math.exp(u));
    }

    /** The derivative of {@link #softplus}. */
    public static double softplusDerivative(double u) {
        return u > 20 ? 1 : 1 / (1 + Math.exp(-u));
    }

    /** A standard normal draw (Box-Muller, two uniforms per draw). */
    public static double gaussian(SplitMix64 rng) {
        double u1 = 1 - rng.nextDouble(); // in (0, 1]
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * The log-density of {@code action} under the Gaussian head {@code out = [mu..., u...]}, summed
     * over the {@code action.length} dimensions.
     */
    public static double gaussianLogDensity(double[] out, double[] action) {
        int d = action.length;
        double sum = 0;
        for (int i = 0; i < d; i++) {
            double sigma = softplus(out[d + i]);
            double z = (action[i] - out[i]) / sigma;
            sum += -0.5 * z * z - Math.log(sigma) - HALF_LOG_2PI;
        }
        return sum;
    }

    /** The entropy of the Gaussian head, summed over dimensions. */
    public static double gaussianEntropy(double[] out, int d) {
        double sum = 0;
        for (int i = 0; i < d; i++) {
            sum += 0.5 + HALF_LOG_2PI + Math.log(softplus(out[d + i]));
        }
        return sum;
    }

    /**
     * Writes into {@code dOut} (2d values) the gradient with respect to the head's outputs of
     * {@code log N(action; mu, sigma) + c * H}.
     */
    public static void gaussianObjectiveGradient(
            double[] out, double[] action, double c, double[] dOut) {
        int d = action.length;
        for (int i = 0; i < d; i++) {
            double mu = out[i];
            double u = out[d + i];
            double sigma = softplus(u);
            double diff = action[i] - mu;
            double inv = 1 / sigma;
            dOut[i] = diff * inv * inv;
            double dSigma = diff * diff * inv * inv * inv - inv + c * inv;
            dOut[d + i] = dSigma * softplusDerivative(u);
        }
    }
}
