package dev.streamlearn.operators.nn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Adam (Kingma and Ba, 2015) as PyTorch implements it without weight decay: bias-corrected first
 * and second moments, {@code p -= lr * m_hat / (sqrt(v_hat) + eps)}. The moments and the step count
 * are part of the model's state.
 */
public final class Adam {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[][] m;
    private final double[][] v;

    /** The network whose parameters these moments follow, for their order in the codec. */
    private final Mlp net;

    private long t;

    /** lr, beta1 0.9, beta2 0.999, eps 1e-8, for the parameters of {@code net}. */
    public Adam(Mlp net, double lr) {
        this(net, lr, 0.9, 0.999, 1e-8);
    }

    public Adam(Mlp net, double lr, double beta1, double beta2, double eps) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + lr);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.net = net;
        double[][] params = net.parameterArrays();
        this.m = new double[params.length][];
        this.v = new double[params.length][];
        for (int k = 0; k < params.length; k++) {
            m[k] = new double[params[k].length];
            v[k] = new double[params[k].length];
        }
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

    public void write(DataOutput out) throws IOException {
        out.writeLong(t);
        int[][] at = net.codecOrder();
        for (int p = 0; p < at[0].length; p++) {
            out.writeDouble(m[at[0][p]][at[1][p]]);
            out.writeDouble(v[at[0][p]][at[1][p]]);
        }
    }

    /** Reads moments written by {@link #write} for the network {@code net}. */
    public static Adam read(DataInput in, Mlp net, double lr) throws IOException {
        Adam a = new Adam(net, lr);
        a.t = in.readLong();
        int[][] at = net.codecOrder();
        for (int p = 0; p < at[0].length; p++) {
            a.m[at[0][p]][at[1][p]] = in.readDouble();
            a.v[at[0][p]][at[1][p]] = in.readDouble();
        }
        return a;
    }
}
