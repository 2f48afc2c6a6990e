package dev.streamlearn.state.keyed;

import java.io.Serializable;
import java.time.Duration;

/**
 * Limits of the {@link KeyedModelOperator}'s heap cache and of its keyed state.
 *
 * <pre>{@code
 * KeyedModelOptions.defaults().withMaxCachedModels(1_000).withMaxCachedBytes(512L << 20)
 *         .withIdleTimeout(Duration.ofDays(7));
 * }</pre>
 *
 * @param maxCachedModels models kept on the heap per subtask; the least recently used is written
 *     back and dropped beyond this
 * @param maxCachedBytes estimated bytes of the cached models per subtask, as reported by {@link
 *     KeyedModelFunction#estimatedBytes} and refreshed at each checkpoint; {@code Long.MAX_VALUE}
 *     turns the estimate off
 * @param idleTimeout a key whose model was not used for this long (processing time) is dropped from
 *     the cache and, through state TTL, from the state; null keeps models forever
 */
public record KeyedModelOptions(int maxCachedModels, long maxCachedBytes, Duration idleTimeout)
        implements Serializable {

    public KeyedModelOptions {
        if (maxCachedModels < 1) {
            throw new IllegalArgumentException(
                    "maxCachedModels must be at least 1, got " + maxCachedModels);
        }
        if (maxCachedBytes < 1) {
            throw new IllegalArgumentException(
                    "maxCachedBytes must be positive, got " + maxCachedBytes);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException(
                    "idleTimeout must be positive (or null for none), got " + idleTimeout);
        }
    }

    /** 10,000 models, no byte estimate, no expiry. */
    public static KeyedModelOptions defaults() {
        return new KeyedModelOptions(10_000, Long.MAX_VALUE, null);
    }

    public KeyedModelOptions withMaxCachedModels(int max) {
        return new KeyedModelOptions(max, maxCachedBytes, idleTimeout);
    }

    public KeyedModelOptions withMaxCachedBytes(long max) {
        return new KeyedModelOptions(maxCachedModels, max, idleTimeout);
    }

    public KeyedModelOptions withIdleTimeout(Duration timeout) {
        return new KeyedModelOptions(maxCachedModels, maxCachedBytes, timeout);
    }

    boolean tracksBytes() {
        return maxCachedBytes != Long.MAX_VALUE;
    }
}
