package dev.streamlearn.gpu.flink;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BatchedInference} batches records: a batch goes at {@code batchSize} records or {@code
 * maxWait} after its first record, whichever comes first; at most {@code batchSize ×
 * maxInFlightBatches} records are in the asynchronous operator at once (beyond that it
 * backpressures); {@code ordered} keeps the input order (else records leave as they are done); a
 * record without a result after {@code timeout} fails the job.
 *
 * <pre>{@code
 * BatchOptions.defaults().withBatchSize(64).withMaxWait(Duration.ofMillis(2)).withOrdered(false);
 * }</pre>
 *
 * @param batchSize the most records in one forward call (1 to 65,536)
 * @param maxWait how long a batch waits for more records after its first (0 to 10 s)
 * @param maxInFlightBatches batches' worth of records that may wait or run at once (at least 1)
 * @param ordered emit results in input order ({@code orderedWait}) or as they complete
 * @param timeout the longest a record may wait for its result (positive)
 */
public record BatchOptions(
        int batchSize, Duration maxWait, int maxInFlightBatches, boolean ordered, Duration timeout)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    static final int MAX_BATCH_SIZE = 65_536;
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    public BatchOptions {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(timeout, "timeout");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    String.format(
                            "batchSize is %d; it is the number of records in one forward call,"
                                    + " from 1 to %,d",
                            batchSize, MAX_BATCH_SIZE));
        }
        if (maxWait.isNegative() || maxWait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "maxWait is %s; a batch waits from 0 to %s after its first record"
                                    + " (a few milliseconds keeps latency low)",
                            maxWait, MAX_WAIT));
        }
        if (maxInFlightBatches < 1) {
            throw new IllegalArgumentException(
                    "maxInFlightBatches is "
                            + maxInFlightBatches
                            + "; at least 1 batch must be allowed in flight");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if ((long) batchSize * maxInFlightBatches > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    String.format(
                            "batchSize %d x maxInFlightBatches %d records in flight is too many;"
                                    + " lower maxInFlightBatches",
                            batchSize, maxInFlightBatches));
        }
    }

    /** 256 records, 5 ms, 4 batches in flight, ordered, 60 s timeout. */
    public static BatchOptions defaults() {
        return new BatchOptions(256, Duration.ofMillis(5), 4, true, Duration.ofSeconds(60));
    }

    /** Records the asynchronous operator holds at once: its capacity. */
    public int capacity() {
        return batchSize * maxInFlightBatches;
    }

    public BatchOptions withBatchSize(int size) {
        return new BatchOptions(size, maxWait, maxInFlightBatches, ordered, timeout);
    }

    public BatchOptions withMaxWait(Duration wait) {
        return new BatchOptions(batchSize, wait, maxInFlightBatches, ordered, timeout);
    }

    public BatchOptions withMaxInFlightBatches(int batches) {
        return new BatchOptions(batchSize, maxWait, batches, ordered, timeout);
    }

    public BatchOptions withOrdered(boolean inOrder) {
        return new BatchOptions(batchSize, maxWait, maxInFlightBatches, inOrder, timeout);
    }

    public BatchOptions withTimeout(Duration limit) {
        return new BatchOptions(batchSize, maxWait, maxInFlightBatches, ordered, limit);
    }
}
