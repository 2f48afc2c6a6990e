package dev.streamlearn.gpu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that takes batches from a {@link MicroBatcher}, runs each as one {@link
 * BatchPredictor#predict} call and hands the outputs, or the failure, to a {@link Listener}. The
 * predictor is used by this thread only while the loop runs (it is not thread-safe) and stays the
 * caller's to close, after {@link #stop}.
 *
 * <pre>{@code
 * InferenceLoop<Request> loop = InferenceLoop.start("inference-0", batcher, predictor,
 *         Request::row, listener);
 * ...
 * List<Request> neverRun = loop.stop(Duration.ofSeconds(30)).unprocessed();
 * predictor.close();
 * }</pre>
 *
 * @param <T> the queued items, each holding one row
 */
public final class InferenceLoop<T> {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceLoop.class);

    /** Receives each batch's outputs or failure, on the loop's thread. */
    public interface Listener<T> {
        /** {@code outputs[i]} is the model's output for {@code batch.get(i)}. */
        void completed(List<T> batch, float[][] outputs, long inferenceNanos);

        /** The batch's one predict call failed; none of its items has an output. */
        void failed(List<T> batch, Throwable failure);
    }

    /**
     * What {@link #stop} left: the items still queued, which no batch will run, and whether the
     * thread ended within the wait (if not, it is inside a predict call and still uses the
     * predictor).
     */
    public record Stopped<T>(List<T> unprocessed, boolean threadEnded) {}

    private final MicroBatcher<T> batcher;
    private final BatchPredictor predictor;
    private final Function<? super T, float[]> row;
    private final Listener<T> listener;
    private final Thread thread;
    private volatile int running;

    private InferenceLoop(
            String threadName,
            MicroBatcher<T> batcher,
            BatchPredictor predictor,
            Function<? super T, float[]> row,
            Listener<T> listener) {
        this.batcher = batcher;
        this.predictor = predictor;
        this.row = row;
        this.listener = listener;
        this.thread = new Thread(this::run, threadName);
        // a thread stuck in a native call must not keep the JVM alive
        thread.setDaemon(true);
    }

    /** Starts a loop on a new thread named {@code threadName}. */
    public static <T> InferenceLoop<T> start(
            String threadName,
            MicroBatcher<T> batcher,
            BatchPredictor predictor,
            Function<? super T, float[]> row,
            Listener<T> listener) {
        InferenceLoop<T> loop = new InferenceLoop<>(threadName, batcher, predictor, row, listener);
        loop.thread.start();
        return loop;
    }

    /** Items of the batch being run now (0 between batches). */
    public int running() {
        return running;
    }

    /**
     * Closes the batcher, lets the batch being run finish, and waits up to {@code wait} for the
     * thread to end, also when interrupted (the interrupt is kept).
     */
    public Stopped<T> stop(Duration wait) {
        List<T> left = batcher.close();
        long deadline = System.nanoTime() + wait.toNanos();
        boolean interrupted = false;
        while (thread.isAlive() && System.nanoTime() < deadline) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                // a cancelling task interrupts its thread: finish stopping, keep the interrupt
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new Stopped<>(left, !thread.isAlive());
    }

    /**
     * Runs batches until the batcher closes. Should the thread end otherwise (an Error, a listener
     * that throws), it closes the batcher and fails what was queued with the cause, so that no item
     * waits for a thread that is gone.
     */
    private void run() {
        try {
            for (List<T> batch = batcher.nextBatch(); !batch.isEmpty(); ) {
                runBatch(batch);
                batch = batcher.nextBatch();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failQueued(e);
        } catch (RuntimeException | Error e) {
            LOG.error("the inference thread ended on {}", e.toString(), e);
            failQueued(e);
            if (e instanceof Error) {
                throw e;
            }
        }
    }

    private void failQueued(Throwable cause) {
        List<T> left = batcher.close();
        if (!left.isEmpty()) {
            listener.failed(left, cause);
        }
    }

    private void runBatch(List<T> batch) {
        List<float[]> rows = new ArrayList<>(batch.size());
        for (T item : batch) {
            rows.add(row.apply(item));
        }
        running = batch.size();
        long start = System.nanoTime();
        float[][] outputs;
        try {
            outputs = predictor.predict(rows);
        } catch (RuntimeException | Error e) {
            running = 0;
            LOG.warn("a batch of {} rows failed: {}", batch.size(), e.toString());
            listener.failed(batch, e);
            if (e instanceof Error) {
                throw e;
            }
            return;
        }
        if (outputs.length != batch.size()) {
            running = 0;
            listener.failed(
                    batch,
                    new IllegalStateException(
                            String.format(
                                    "the model returned %d rows for a batch of %d; export it with"
                                            + " a dynamic batch axis",
                                    outputs.length, batch.size())));
            return;
        }
        long nanos = System.nanoTime() - start;
        running = 0;
        listener.completed(batch, outputs, nanos);
    }
}
