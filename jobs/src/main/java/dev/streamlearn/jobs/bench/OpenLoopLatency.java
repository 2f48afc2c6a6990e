package dev.streamlearn.jobs.bench;

import dev.streamlearn.gpu.BatchPredictor;
import dev.streamlearn.gpu.InferenceLoop;
import dev.streamlearn.gpu.MicroBatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency at an offered rate: row {@code i} arrives at {@code start + i / rate} whether or not the
 * rows before it are done (an open loop, so a slow predictor shows as growing latency, not as a
 * slower generator), and its latency is its completion time minus that arrival time, including any
 * wait for a batch to fill or for {@code maxWait} to pass.
 */
final class OpenLoopLatency {
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(2);

    private OpenLoopLatency() {}

    /**
     * @param rowsPerSecond rows completed per second from the first arrival to the last completion
     * @param meanBatch rows per predict call
     */
    record Figures(
            double rowsPerSecond,
            double p50Ms,
            double p99Ms,
            double maxMs,
            long rows,
            double meanBatch) {}

    /** A row and when it arrived. */
    private record Request(float[] row, long arrivalNanos) {}

    /** When the rows began to arrive, and how many arrived. */
    private record Generated(long startNanos, long offered) {}

    /** Takes row {@code index}, which arrives at {@code arrivalNanos}. */
    private interface Offer {
        void accept(long index, long arrivalNanos) throws InterruptedException;
    }

    /** One {@code predictOne} call per row on the arriving thread, as a plain map function does. */
    static Figures perRecord(
            BatchPredictor predictor, float[][] rows, double rate, Duration duration)
            throws InterruptedException {
        LatencySamples samples = new LatencySamples();
        AtomicLong last = new AtomicLong();
        Generated generated =
                generate(
                        rate,
                        duration,
                        (i, arrival) -> {
                            predictor.predictOne(rows[(int) (i % rows.length)]);
                            long now = System.nanoTime();
                            samples.add(now - arrival);
                            last.set(now);
                        });
        return figures(samples, generated.startNanos(), last.get(), samples.size());
    }

    /**
     * Rows queued in a {@link MicroBatcher} of {@code batchSize} and {@code maxWait} holding at
     * most {@code inFlightBatches} batches, run by an {@link InferenceLoop}: what the Flink
     * function does without Flink.
     */
    static Figures batched(
            BatchPredictor predictor,
            float[][] rows,
            double rate,
            Duration duration,
            int batchSize,
            Duration maxWait,
            int inFlightBatches)
            throws InterruptedException {
        MicroBatcher<Request> batcher =
                new MicroBatcher<>(batchSize, maxWait, batchSize * inFlightBatches);
        Completions done = new Completions();
        InferenceLoop<Request> loop =
                InferenceLoop.start("bench-inference", batcher, predictor, Request::row, done);
        Generated generated;
        try {
            generated =
                    generate(
                            rate,
                            duration,
                            (i, arrival) ->
                                    batcher.put(
                                            new Request(rows[(int) (i % rows.length)], arrival)));
            done.awaitAll(generated.offered());
        } finally {
            loop.stop(Duration.ofSeconds(10));
        }
        return figures(done.samples, generated.startNanos(), done.last, done.batches);
    }

    /**
     * Offers every row the schedule has before {@code duration}, also those it offers late (a
     * predictor that falls behind delays the offers, and their latency counts from the scheduled
     * arrival, so that a slow run shows in p99 instead of leaving its worst rows out); it gives up
     * only past five times the duration.
     */
    private static Generated generate(double rate, Duration duration, Offer offer)
            throws InterruptedException {
        double interval = 1e9 / rate;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long giveUp = start + 5 * duration.toNanos();
        for (long i = 0; ; i++) {
            long arrival = start + (long) (i * interval);
            if (arrival >= end || System.nanoTime() >= giveUp) {
                return new Generated(start, i);
            }
            long early = arrival - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            }
            offer.accept(i, arrival);
        }
    }

    private static Figures figures(LatencySamples samples, long start, long last, long calls) {
        int rows = samples.size();
        double seconds = Math.max(last - start, 1) / 1e9;
        return new Figures(
                rows / seconds,
                samples.percentileMillis(50),
                samples.percentileMillis(99),
                samples.percentileMillis(100),
                rows,
                calls == 0 ? Double.NaN : (double) rows / calls);
    }

    /** Records each row's latency on the inference thread. */
    private static final class Completions implements InferenceLoop.Listener<Request> {
        final LatencySamples samples = new LatencySamples();
        final AtomicLong completed = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile long last;
        volatile long batches;

        @Override
        public void completed(List<Request> batch, float[][] outputs, long inferenceNanos) {
            long now = System.nanoTime();
            for (Request r : batch) {
                samples.add(now - r.arrivalNanos());
            }
            last = now;
            batches++;
            completed.addAndGet(batch.size());
        }

        @Override
        public void failed(List<Request> batch, Throwable e) {
            failure.compareAndSet(null, e);
            completed.addAndGet(batch.size());
        }

        void awaitAll(long offered) {
            long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            while (completed.get() < offered && failure.get() == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            String.format(
                                    "%d of %d rows still not inferred after %s",
                                    offered - completed.get(), offered, DRAIN_LIMIT));
                }
                LockSupport.parkNanos(1_000_000);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("inference failed", failure.get());
            }
        }
    }
}
