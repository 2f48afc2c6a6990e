package dev.streamlearn.jobs.bench;

import java.util.Arrays;

/**
 * Latencies in nanoseconds, appended by one thread, and their percentiles by nearest rank (the
 * smallest sample with at least p% of the samples at or below it).
 *
 * <pre>{@code
 * LatencySamples s = new LatencySamples();
 * s.add(1_500_000);
 * double p99 = s.percentileMillis(99);
 * }</pre>
 */
final class LatencySamples {
    private long[] nanos = new long[1 << 14];
    private int size;

    void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    int size() {
        return size;
    }

    /** The {@code p}-th percentile (0 < p <= 100) in milliseconds; NaN without samples. */
    double percentileMillis(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("a percentile is in (0, 100], got " + p);
        }
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * size);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }
}
