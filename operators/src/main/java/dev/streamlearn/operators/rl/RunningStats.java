package dev.streamlearn.operators.rl;

/**
 * Per-dimension running mean and sample variance (Welford), as the stream-x normalisation wrappers
 * keep them: never reset, never frozen; the variance is 1 until two samples have been seen.
 *
 * <pre>{@code
 * RunningStats s = new RunningStats(4);
 * s.update(x);
 * s.normalize(x, out, 0);   // (x - mean) / sqrt(var + 1e-8), no clipping
 * }</pre>
 */
public final class RunningStats {
    /** Added to the variance before the square root, as the reference does. */
    public static final double EPS = 1e-8;

    private final double[] mean;
    private final double[] p;
    private long count;

    public RunningStats(int dims) {
        if (dims < 1) {
            throw new IllegalArgumentException("statistics need at least one dimension");
        }
        mean = new double[dims];
        p = new double[dims];
    }

    /** Adds one sample (its first {@link #dims()} values). */
    public void update(double[] x) {
        if (x.length < mean.length) {
            throw new IllegalArgumentException(
                    "sample has " + x.length + " values, the statistics have " + mean.length);
        }
        count++;
        for (int i = 0; i < mean.length; i++) {
            double old = mean[i];
            double m = old + (x[i] - old) / count;
            mean[i] = m;
            p[i] += (x[i] - old) * (x[i] - m);
        }
    }

    /** Adds one sample of a one-dimensional statistic. */
    public void update(double x) {
        count++;
        double old = mean[0];
        double m = old + (x - old) / count;
        mean[0] = m;
        p[0] += (x - old) * (x - m);
    }

    /** Writes {@code (x - mean) / sqrt(var + 1e-8)} into {@code out} from {@code offset}. */
    public void normalize(double[] x, double[] out, int offset) {
        for (int i = 0; i < mean.length; i++) {
            out[offset + i] = (x[i] - mean[i]) / Math.sqrt(variance(i) + EPS);
        }
    }

    public double mean(int i) {
        return mean[i];
    }

    /** The sample variance, 1 before two samples. */
    public double variance(int i) {
        return count < 2 ? 1 : p[i] / (count - 1);
    }

    /** The sum of squared deviations from the mean of dimension {@code i}, for the codec. */
    double sumOfSquares(int i) {
        return p[i];
    }

    /** Statistics in a saved state, for their codec. */
    static RunningStats restore(long count, double[] mean, double[] sumOfSquares) {
        RunningStats s = new RunningStats(mean.length);
        s.count = count;
        System.arraycopy(mean, 0, s.mean, 0, mean.length);
        System.arraycopy(sumOfSquares, 0, s.p, 0, mean.length);
        return s;
    }

    public long count() {
        return count;
    }

    public int dims() {
        return mean.length;
    }
}
