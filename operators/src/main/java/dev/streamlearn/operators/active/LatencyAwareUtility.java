package dev.streamlearn.operators.active;

/**
 * The latency-aware utility for labels that come late (after Pham et al., "Stream-based active
 * learning for sliding windows under the influence of verification latency", 2022): while an answer
 * is pending the model has not learned it, so a run of similar uncertain instances would be asked
 * for at once although the first answer would have made the others certain. Here an instance counts
 * as if the pending answers were known: its utility is multiplied by {@code 1 - max_j k(x, x_j)}
 * over the pending requests x_j, with the Gaussian kernel {@code k = exp(-|z - z_j|^2 / (2 h^2 d))}
 * on features standardised by their running mean and deviation (z), d the number of features and h
 * the bandwidth. An instance next to a pending one is worth almost nothing; one far from all is
 * worth its strategy's utility. A gating budget manager asks only while the factor is above one
 * half.
 *
 * <pre>{@code
 * LatencyAwareUtility l = new LatencyAwareUtility(0.25);
 * l.observe(x);                          // every instance: the running scale
 * double f = l.factor(x, pending);       // in [0, 1]
 * }</pre>
 *
 * <p>Public only so that {@link dev.streamlearn.operators.ModelCodecs} can register its codec
 * ({@link LatencyAwareUtilityCodec}); its members are the package's.
 */
public final class LatencyAwareUtility {
    private final double bandwidth;
    private long count;
    private double[] mean;
    private double[] m2;

    /**
     * @param bandwidth h, in standard deviations per feature (0.25 by default)
     */
    LatencyAwareUtility(double bandwidth) {
        this.bandwidth = bandwidth;
    }

    /** Adds an instance to the running mean and variance (Welford). */
    void observe(double[] x) {
        if (mean == null) {
            mean = new double[x.length];
            m2 = new double[x.length];
        }
        count++;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[i];
            mean[i] += d / count;
            m2[i] += d * (x[i] - mean[i]);
        }
    }

    /** The factor the utility of {@code x} is multiplied by, given the pending requests. */
    double factor(double[] x, Iterable<PendingRequests.Pending> pending) {
        double[] scale = inverseDeviations(x.length);
        double nearest = Double.MAX_VALUE;
        for (PendingRequests.Pending p : pending) {
            nearest = Math.min(nearest, squaredDistance(x, p.x(), scale));
        }
        if (nearest == Double.MAX_VALUE) {
            return 1;
        }
        return 1 - Math.exp(-nearest / (2 * bandwidth * bandwidth * x.length));
    }

    /** 1 / the running deviation of each feature (1 where it is 0 or unknown). */
    private double[] inverseDeviations(int d) {
        double[] inv = new double[d];
        for (int i = 0; i < d; i++) {
            double sd = count > 1 && i < m2.length ? Math.sqrt(m2[i] / (count - 1)) : 0;
            inv[i] = sd > 0 ? 1 / sd : 1;
        }
        return inv;
    }

    private static double squaredDistance(double[] a, double[] b, double[] scale) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] - b[i]) * scale[i];
            sum += d * d;
        }
        return sum;
    }

    double bandwidth() {
        return bandwidth;
    }

    /** Instances observed. */
    long count() {
        return count;
    }

    /** The running means, null before the first instance (the caller must not change them). */
    double[] mean() {
        return mean;
    }

    /** The running sums of squared deviations, null before the first instance (read only). */
    double[] m2() {
        return m2;
    }

    /** Sets the running scale of a restored utility; {@code mean} and {@code m2} null or alike. */
    void restore(long countThen, double[] meanThen, double[] m2Then) {
        count = countThen;
        mean = meanThen;
        m2 = m2Then;
    }
}
