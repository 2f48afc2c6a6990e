package dev.streamlearn.state.global;

import java.io.Serializable;
import java.time.Duration;

/**
 * How {@link GlobalModelOperator} batches records.
 *
 * @param batchSize the most records in one call of the model
 * @param maxWait how long the first record of a batch waits for more (processing time)
 */
public record GlobalModelOptions(int batchSize, Duration maxWait) implements Serializable {

    public GlobalModelOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be 0 or more, got " + maxWait);
        }
    }

    /** Batches of up to 256 records, 20 ms of waiting at most. */
    public static GlobalModelOptions defaults() {
        return new GlobalModelOptions(256, Duration.ofMillis(20));
    }

    public GlobalModelOptions withBatchSize(int size) {
        return new GlobalModelOptions(size, maxWait);
    }

    public GlobalModelOptions withMaxWait(Duration wait) {
        return new GlobalModelOptions(batchSize, wait);
    }
}
