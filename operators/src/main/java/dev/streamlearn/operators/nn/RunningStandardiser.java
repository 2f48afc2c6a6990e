package dev.streamlearn.operators.nn;

/**
 * Standardises feature vectors online with running means and variances (Welford's algorithm):
 * {@code z = (x - mean) / sqrt(var + eps)}, the statistics including every vector seen so far.
 *
 * <pre>{@code
 * RunningStandardiser s = new RunningStandardiser(3);
 * double[] z = s.updateAndTransform(x);   // learns x, then standardises it
 * }</pre>
 */
public final class RunningStandardiser {
    private static final double EPS = 1e-8;

    private final double[] mean;
    private final double[] m2;
    private long count;

    public RunningStandardiser(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("need at least one feature, got " + size);
        }
        this.mean = new double[size];
        this.m2 = new double[size];
    }

    /** Adds {@code x} to the statistics, then returns it standardised. */
    public double[] updateAndTransform(double[] x) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException(
                    "expected " + mean.length + " features, got " + x.length);
        }
        count++;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[i];
            mean[i] += d / count;
            m2[i] += d * (x[i] - mean[i]);
        }
        return transform(x);
    }

    /** {@code x} standardised with the current statistics (unchanged before the first update). */
    public double[] transform(double[] x) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double var = count > 1 ? m2[i] / count : 0;
            z[i] = count == 0 ? x[i] : (x[i] - mean[i]) / Math.sqrt(var + EPS);
        }
        return z;
    }

    /** The number of features. */
    int size() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    public double mean(int i) {
        return mean[i];
    }

    /** The sum of squared deviations from the mean of feature {@code i}, for the codec. */
    double sumOfSquares(int i) {
        return m2[i];
    }

    /** Statistics in a saved state, for their codec. */
    static RunningStandardiser restore(long count, double[] mean, double[] sumOfSquares) {
        RunningStandardiser s = new RunningStandardiser(mean.length);
        s.count = count;
        System.arraycopy(mean, 0, s.mean, 0, mean.length);
        System.arraycopy(sumOfSquares, 0, s.m2, 0, mean.length);
        return s;
    }

    /** The population variance of feature {@code i}. */
    public double variance(int i) {
        return count > 0 ? m2[i] / count : 0;
    }
}
