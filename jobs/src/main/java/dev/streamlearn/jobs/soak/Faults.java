package dev.streamlearn.jobs.soak;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The faults a soak injects from inside the job: a map that passes records through, throws once
 * when told (a task failure), and sleeps on every record while told to be slow (a slow sink, so
 * that backpressure reaches the source and checkpoints must complete through it). The soak and its
 * job share one JVM (a MiniCluster), so the soak tells the copies of the function through a
 * registry keyed by a token of the run.
 */
final class Faults {
    private static final Map<String, Faults> RUNS = new ConcurrentHashMap<>();

    private final String token = UUID.randomUUID().toString();
    private final AtomicBoolean failNext = new AtomicBoolean();
    private volatile long slowUntilNanos;
    private volatile long slowMillisPerRecord;

    Faults() {
        RUNS.put(token, this);
    }

    /** The next record through the failure point throws. */
    void failOnce() {
        failNext.set(true);
    }

    /** Whether a failure was asked for and no record has passed the failure point since. */
    boolean failurePending() {
        return failNext.get();
    }

    /** Every record through the slow point waits {@code millisPerRecord} for {@code seconds}. */
    void slowFor(long seconds, long millisPerRecord) {
        slowMillisPerRecord = millisPerRecord;
        slowUntilNanos = System.nanoTime() + seconds * 1_000_000_000L;
    }

    void close() {
        RUNS.remove(token);
    }

    /** A pass-through map that fails once when {@link #failOnce} was called. */
    <T> MapFunction<T, T> failurePoint() {
        return new Point<>(token, true);
    }

    /** A pass-through map that is slow while {@link #slowFor} says so. */
    <T> MapFunction<T, T> slowPoint() {
        return new Point<>(token, false);
    }

    private static final class Point<T> implements MapFunction<T, T> {
        private static final long serialVersionUID = 1L;
        private final String token;
        private final boolean fails;

        Point(String token, boolean fails) {
            this.token = token;
            this.fails = fails;
        }

        @Override
        public T map(T value) throws InterruptedException {
            Faults f = RUNS.get(token);
            if (f == null) {
                return value;
            }
            if (fails && f.failNext.compareAndSet(true, false)) {
                throw new IllegalStateException("task failure injected by the soak");
            }
            if (!fails && System.nanoTime() < f.slowUntilNanos) {
                Thread.sleep(f.slowMillisPerRecord);
            }
            return value;
        }
    }
}
