package dev.streamlearn.operators.active;

/**
 * The Drift Detection Method (Gama, Medas, Castillo and Rodrigues 2004, as MOA's {@code
 * DDMChangeDetector} with its defaults): the error rate p of a stream of 0/1 errors and its
 * standard deviation s = sqrt(p(1-p)/n); once {@value #MIN_INSTANCES} errors were seen, the lowest
 * p + s so far is kept, and a change is signalled when p + s exceeds that minimum's p by three of
 * its s. After a change the detector starts afresh.
 *
 * <pre>{@code
 * ErrorRateDetector ddm = new ErrorRateDetector();
 * if (ddm.add(predicted != truth)) { ... the error rate rose: replace the model ... }
 * }</pre>
 *
 * <p>Public only so that {@link dev.streamlearn.operators.ModelCodecs} can register its codec
 * ({@link ErrorRateDetectorCodec}); its members are the package's.
 */
public final class ErrorRateDetector {
    /** Errors seen before the detector may signal. */
    static final int MIN_INSTANCES = 30;

    private static final double OUT_OF_CONTROL = 3.0;

    private long n;
    private double p;
    private double pMin;
    private double sMin;
    private double psMin;

    ErrorRateDetector() {
        reset();
    }

    /** Starts afresh. */
    void reset() {
        n = 0;
        p = 0;
        pMin = Double.MAX_VALUE;
        sMin = Double.MAX_VALUE;
        psMin = Double.MAX_VALUE;
    }

    /** Adds one outcome; true when it signals a change (the detector has then started afresh). */
    boolean add(boolean error) {
        n++;
        p += ((error ? 1 : 0) - p) / n;
        double s = Math.sqrt(p * (1 - p) / n);
        if (n < MIN_INSTANCES) {
            return false;
        }
        if (p + s <= psMin) {
            pMin = p;
            sMin = s;
            psMin = p + s;
        }
        if (n > MIN_INSTANCES && p + s > pMin + OUT_OF_CONTROL * sMin) {
            reset();
            return true;
        }
        return false;
    }

    /** The error rate since the last change. */
    double errorRate() {
        return p;
    }

    /** Outcomes seen since the last change. */
    long count() {
        return n;
    }

    /** The error rate p at the lowest p + s so far. */
    double minErrorRate() {
        return pMin;
    }

    /** The deviation s at the lowest p + s so far. */
    double minDeviation() {
        return sMin;
    }

    /** The lowest p + s so far. */
    double minSum() {
        return psMin;
    }

    /** Sets the state of a restored detector. */
    void restore(long count, double errorRate, double minErrorRate, double minDev, double minSum) {
        n = count;
        p = errorRate;
        pMin = minErrorRate;
        sMin = minDev;
        psMin = minSum;
    }
}
