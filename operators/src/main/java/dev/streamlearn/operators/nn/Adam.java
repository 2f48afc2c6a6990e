package dev.streamlearn.operators.nn;

import java.util.Arrays;

/**
 * Adam (Kingma and Ba, 2015) as PyTorch implements it without weight decay: bias-corrected first
 * and second moments, {@code p -= lr * m_hat / (sqrt(v_hat) + eps)}. The moments and the step count
 * are part of the model's state; {@link AdamCodec} saves them.
 */
public final class Adam {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[][] m;
    private final double[][] v;

    /** The layer widths of the network whose parameters these moments follow. */
    private final int[] sizes;

    private long t;

    /** lr, beta1 0.9, beta2 0.999, eps 1e-8, for the parameters of {@code net}. */
    public Adam(Mlp net, double lr) {
        this(net, lr, 0.9, 0.999, 1e-8);
    }

    public Adam(Mlp net, double lr, double beta1, double beta2, double eps) {
        this(net.sizes(), lr, beta1, beta2, eps);
    }

    /** Zero moments for a network with layer widths {@code sizes}. */
    Adam(int[] sizes, double lr, double beta1, double beta2, double eps) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + lr);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.sizes = sizes.clone();
        this.m = Mlp.zeroParameterArrays(sizes);
        this.v = Mlp.zeroParameterArrays(sizes);
    }

    /** One update of {@code net}'s parameters with gradients {@code g}. */
    public void step(Mlp net, Mlp.Gradients g) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double[][] params = net.parameterArrays();
        double[][] grads = Mlp.gradientArrays(g);
        for (int k = 0; k < params.length; k++) {
            double[] p = params[k];
            double[] gk = grads[k];
            double[] mk = m[k];
            double[] vk = v[k];
            for (int i = 0; i < p.length; i++) {
                double gi = gk[i];
                mk[i] = beta1 * mk[i] + (1 - beta1) * gi;
                vk[i] = beta2 * vk[i] + (1 - beta2) * gi * gi;
                double mHat = mk[i] / c1;
                double vHat = vk[i] / c2;
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
    }

    public long steps() {
        return t;
    }

    /** Whether these moments have the shape of {@code net}'s parameters. */
    public boolean fits(Mlp net) {
        return Arrays.equals(sizes, net.sizes());
    }

    double learningRate() {
        return lr;
    }

    double beta1() {
        return beta1;
    }

    double beta2() {
        return beta2;
    }

    double eps() {
        return eps;
    }

    int[] sizes() {
        return sizes.clone();
    }

    /** The first moments, live, laid out as {@link Mlp#parameterArrays}, for the codec. */
    double[][] firstMoments() {
        return m;
    }

    /** The second moments, live, laid out as {@link Mlp#parameterArrays}, for the codec. */
    double[][] secondMoments() {
        return v;
    }

    void setSteps(long steps) {
        this.t = steps;
    }
}
