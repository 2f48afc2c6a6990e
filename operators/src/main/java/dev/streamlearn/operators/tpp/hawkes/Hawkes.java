package dev.streamlearn.operators.tpp.hawkes;

import java.util.Arrays;

/**
 * A multivariate Hawkes process with normalised exponential kernels: {@code λ_k(t) = μ_k + Σ_j
 * α_kj·β·Σ_{t_m^j < t} e^(−β(t − t_m^j))}. {@code α_kj} is the branching ratio, the expected number
 * of type-{@code k} events one type-{@code j} event triggers; the process is stationary iff the
 * spectral radius of {@code A = (α_kj)} is below 1.
 */
public final class Hawkes {
    private final double[] mu;
    private final double[][] alpha;
    private final double beta;

    private Hawkes(double[] mu, double[][] alpha, double beta) {
        this.mu = mu;
        this.alpha = alpha;
        this.beta = beta;
    }

    /**
     * A stationary process.
     *
     * @param mu the background rate of each type, {@code >= 0}, not all 0
     * @param alpha {@code alpha[k][j]}: type-{@code k} events triggered per type-{@code j} event
     * @param beta the decay rate of every kernel, {@code > 0}
     * @throws IllegalArgumentException on a bad shape or value, or a spectral radius of at least 1
     */
    public static Hawkes of(double[] mu, double[][] alpha, double beta) {
        Hawkes h = unchecked(mu, alpha, beta);
        double rho = h.spectralRadius();
        if (!(rho < 1)) {
            throw new IllegalArgumentException(
                    String.format(
                            "the branching matrix has spectral radius %.4f >= 1: the process"
                                    + " explodes; scale alpha down",
                            rho));
        }
        return h;
    }

    /** A process whose branching matrix may be explosive: a fit's intermediate, never simulated. */
    static Hawkes unchecked(double[] mu, double[][] alpha, double beta) {
        int k = mu.length;
        if (k == 0 || alpha.length != k) {
            throw new IllegalArgumentException(
                    "mu has " + k + " types but alpha " + alpha.length + " rows");
        }
        boolean anyBackground = false;
        for (int i = 0; i < k; i++) {
            if (!(mu[i] >= 0) || Double.isInfinite(mu[i])) {
                throw new IllegalArgumentException("mu[" + i + "] must be finite and >= 0");
            }
            anyBackground |= mu[i] > 0;
            if (alpha[i].length != k) {
                throw new IllegalArgumentException("alpha must be " + k + " x " + k);
            }
            for (int j = 0; j < k; j++) {
                if (!(alpha[i][j] >= 0) || Double.isInfinite(alpha[i][j])) {
                    throw new IllegalArgumentException(
                            "alpha[" + i + "][" + j + "] must be finite and >= 0");
                }
            }
        }
        if (!anyBackground) {
            throw new IllegalArgumentException("at least one background rate must be > 0");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and > 0: " + beta);
        }
        double[][] a = new double[k][];
        for (int i = 0; i < k; i++) {
            a[i] = alpha[i].clone();
        }
        return new Hawkes(mu.clone(), a, beta);
    }

    public int types() {
        return mu.length;
    }

    public double mu(int k) {
        return mu[k];
    }

    public double alpha(int k, int j) {
        return alpha[k][j];
    }

    public double beta() {
        return beta;
    }

    public double[] mu() {
        return mu.clone();
    }

    public double[][] alpha() {
        double[][] a = new double[alpha.length][];
        for (int i = 0; i < a.length; i++) {
            a[i] = alpha[i].clone();
        }
        return a;
    }

    /** The total background rate {@code Σ_k μ_k}. */
    public double totalMu() {
        return Arrays.stream(mu).sum();
    }

    /**
     * The spectral radius of the branching matrix, as {@code lim ||A^n||^(1/n)} by repeated
     * squaring (exact for the non-negative matrices here, periodic ones included).
     */
    public double spectralRadius() {
        int k = types();
        double[][] p = alpha();
        double logScale = 0;
        for (int step = 0; step < 40; step++) {
            double norm = maxAbs(p);
            if (norm == 0) {
                return 0;
            }
            scale(p, 1 / norm);
            logScale = 2 * (logScale + Math.log(norm));
            p = multiply(p, p, k);
        }
        return Math.exp((logScale + Math.log(maxAbs(p))) / Math.pow(2, 40));
    }

    /** The stationary rate of each type, {@code (I − A)⁻¹ μ}. */
    public double[] stationaryRates() {
        int k = types();
        double[][] m = new double[k][k + 1];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = (i == j ? 1 : 0) - alpha[i][j];
            }
            m[i][k] = mu[i];
        }
        return solve(m, k);
    }

    /**
     * The process with types relabelled: type {@code i} of the result is type {@code from[i]} of
     * this one ({@code μ' = Pμ}, {@code A' = PAPᵀ}), with decay {@code beta}.
     */
    public Hawkes permuted(int[] from, double beta) {
        int k = types();
        double[] m = new double[k];
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            m[i] = mu[from[i]];
            for (int j = 0; j < k; j++) {
                a[i][j] = alpha[from[i]][from[j]];
            }
        }
        return of(m, a, beta);
    }

    /**
     * The process with background rates times {@code muFactor}, branching ratios times {@code
     * alphaFactor} and decay {@code beta}.
     */
    public Hawkes scaled(double muFactor, double alphaFactor, double beta) {
        double[] m = mu();
        double[][] a = alpha();
        for (int i = 0; i < m.length; i++) {
            m[i] *= muFactor;
            for (int j = 0; j < m.length; j++) {
                a[i][j] *= alphaFactor;
            }
        }
        return of(m, a, beta);
    }

    private static double maxAbs(double[][] p) {
        double max = 0;
        for (double[] row : p) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    private static void scale(double[][] p, double f) {
        for (double[] row : p) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= f;
            }
        }
    }

    private static double[][] multiply(double[][] a, double[][] b, int k) {
        double[][] c = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int l = 0; l < k; l++) {
                for (int j = 0; j < k; j++) {
                    c[i][j] += a[i][l] * b[l][j];
                }
            }
        }
        return c;
    }

    /** Gauss-Jordan elimination with partial pivoting on the augmented matrix {@code m}. */
    private static double[] solve(double[][] m, int k) {
        for (int c = 0; c < k; c++) {
            int pivot = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < k; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int j = c; j <= k; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = m[i][k] / m[i][i];
        }
        return x;
    }

    @Override
    public String toString() {
        return String.format(
                "Hawkes[mu=%s, alpha=%s, beta=%s]",
                Arrays.toString(mu), Arrays.deepToString(alpha), beta);
    }
}
