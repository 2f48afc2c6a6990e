package dev.streamlearn.jobs.bench;

import dev.streamlearn.gpu.BatchPredictor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The most rows per second a predictor computes on one thread, as fast as it can: one call per
 * record, or one call per batch of a given size, over the same rows.
 */
final class ClosedLoopThroughput {
    private ClosedLoopThroughput() {}

    /** Rows/s with one {@code predictOne} call per row. */
    static double perRecord(BatchPredictor predictor, float[][] rows, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        long done = 0;
        while (System.nanoTime() < end) {
            predictor.predictOne(rows[(int) (done % rows.length)]);
            done++;
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /** Rows/s with one {@code predict} call per batch of {@code batchSize} rows. */
    static double batched(
            BatchPredictor predictor, float[][] rows, int batchSize, Duration duration) {
        List<float[]> batch = Arrays.asList(rows).subList(0, Math.min(batchSize, rows.length));
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        long done = 0;
        while (System.nanoTime() < end) {
            predictor.predict(batch);
            done += batch.size();
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }
}
