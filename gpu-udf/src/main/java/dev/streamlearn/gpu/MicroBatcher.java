package dev.streamlearn.gpu;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue that hands items out in batches, by the rule of DJL Serving's batch aggregator: a
 * batch goes as soon as it has {@code batchSize} items, or {@code maxWait} after its first item
 * arrived, whichever comes first. The wait counts from the first item's {@link #put}, not from when
 * a consumer asked: items that queued while the consumer was busy go at once. {@link #put} blocks
 * while {@code capacity} items wait (backpressure, never an unbounded queue). Any number of
 * producers; one consumer.
 *
 * <pre>{@code
 * MicroBatcher<float[]> batcher = new MicroBatcher<>(256, Duration.ofMillis(5), 1024);
 * producer:  batcher.put(row);
 * consumer:  for (List<float[]> b; !(b = batcher.nextBatch()).isEmpty(); ) predictor.predict(b);
 * }</pre>
 *
 * @param <T> the items
 */
public final class MicroBatcher<T> {
    private record Arrival<T>(T item, long nanos) {}

    private final int batchSize;
    private final long maxWaitNanos;
    private final int capacity;
    private final ArrayDeque<Arrival<T>> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition batchReady = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private boolean closed;

    /**
     * @param batchSize the most items in a batch (at least 1)
     * @param maxWait how long after its first item a batch waits for more (zero: it takes what is
     *     queued and goes)
     * @param capacity the most items queued (at least {@code batchSize})
     */
    public MicroBatcher(int batchSize, Duration maxWait, int capacity) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
        }
        if (capacity < batchSize) {
            throw new IllegalArgumentException(
                    String.format(
                            "capacity %d is below batchSize %d: a full batch could never queue",
                            capacity, batchSize));
        }
        this.batchSize = batchSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.capacity = capacity;
    }

    /**
     * Queues {@code item}, waiting while the queue is full.
     *
     * @throws IllegalStateException once {@link #close} was called
     */
    public void put(T item) throws InterruptedException {
        lock.lock();
        try {
            while (queue.size() >= capacity && !closed) {
                notFull.await();
            }
            if (closed) {
                throw new IllegalStateException("the batcher is closed; no more items are taken");
            }
            queue.addLast(new Arrival<>(item, System.nanoTime()));
            // the consumer waits for a first item or for a full batch, nothing in between
            if (queue.size() == 1 || queue.size() == batchSize) {
                batchReady.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next batch, in arrival order: waits for a first item, then up to {@code maxWait} after
     * its arrival for {@code batchSize} items. An empty list means the batcher was closed and
     * nothing is left.
     */
    public List<T> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                batchReady.await();
            }
            if (queue.isEmpty()) {
                return List.of();
            }
            long deadline = queue.peekFirst().nanos() + maxWaitNanos;
            while (queue.size() < batchSize && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                batchReady.awaitNanos(left);
            }
            return take(Math.min(batchSize, queue.size()));
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting for a batch. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking items, wakes every waiting caller, and returns the items that were still queued
     * (no batch will hand them out). A second call returns an empty list.
     */
    public List<T> close() {
        lock.lock();
        try {
            closed = true;
            List<T> left = take(queue.size());
            batchReady.signalAll();
            notFull.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    /** The most items in a batch. */
    public int batchSize() {
        return batchSize;
    }

    private List<T> take(int n) {
        List<T> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(queue.pollFirst().item());
        }
        if (n > 0) {
            notFull.signalAll();
        }
        return batch;
    }
}
