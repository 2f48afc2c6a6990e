package dev.streamlearn.gpu;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model answering rows asynchronously in micro-batches: {@link #submit} queues a row and
 * returns its future; one thread takes batches from a {@link MicroBatcher} (up to {@code batchSize}
 * rows, or {@code maxWait} after the first) and runs each as one forward call. What the Flink
 * function and the Flink SQL model provider share: one session per subtask, opened in {@code open}
 * and closed in {@code close}.
 *
 * <pre>{@code
 * try (BatchingSession session = BatchingSession.open("scoring", spec, GpuAssignment.firstVisible(),
 *         256, Duration.ofMillis(5), 1024, BatchingSession.Observer.NONE)) {
 *     session.submit(row).thenAccept(output -> ...);
 * }
 * }</pre>
 */
public final class BatchingSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingSession.class);

    /** How long {@link #close} waits for the batch being run to finish. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    /** Told of every batch, on the inference thread (metrics). */
    public interface Observer {
        Observer NONE =
                new Observer() {
                    @Override
                    public void batchDone(int size, long nanos) {}

                    @Override
                    public void batchFailed() {}
                };

        void batchDone(int size, long nanos);

        void batchFailed();
    }

    private record Pending(float[] row, CompletableFuture<float[]> future) {}

    private final ModelSpec spec;
    private final BatchPredictor predictor;
    private final MicroBatcher<Pending> batcher;
    private final InferenceLoop<Pending> loop;

    private BatchingSession(
            String name,
            ModelSpec spec,
            BatchPredictor predictor,
            MicroBatcher<Pending> batcher,
            Observer observer) {
        this.spec = spec;
        this.predictor = predictor;
        this.batcher = batcher;
        this.loop = InferenceLoop.start(name, batcher, predictor, Pending::row, listener(observer));
    }

    /**
     * Loads the model on {@code gpu} (or as the spec's device preference says) and starts the
     * inference thread {@code name}; at most {@code capacity} rows wait, beyond that {@link
     * #submit} blocks.
     */
    public static BatchingSession open(
            String name,
            ModelSpec spec,
            GpuAssignment gpu,
            int batchSize,
            Duration maxWait,
            int capacity,
            Observer observer) {
        BatchPredictor predictor = BatchPredictor.open(spec, gpu);
        try {
            return new BatchingSession(
                    name,
                    spec,
                    predictor,
                    new MicroBatcher<>(batchSize, maxWait, capacity),
                    observer);
        } catch (RuntimeException e) {
            predictor.close();
            throw e;
        }
    }

    /**
     * Queues {@code row} (blocking while the queue is full); its future fails alone when the row is
     * not valid ({@code what} names it in the message, made only then) and with its batch when the
     * forward call fails.
     */
    public CompletableFuture<float[]> submit(Supplier<String> what, float[] row)
            throws InterruptedException {
        CompletableFuture<float[]> future = new CompletableFuture<>();
        if (!RowCheck.isValid(row, spec.inputWidth())) {
            try {
                spec.requireValidRow(what.get(), row);
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return future;
            }
        }
        batcher.put(new Pending(row, future));
        return future;
    }

    /** Rows waiting for a batch. */
    public int queued() {
        return batcher.queued();
    }

    /** Rows of the batch being run now. */
    public int running() {
        return loop.running();
    }

    /** The engine, device and natives the model got. */
    public InferenceRuntime describe() {
        return predictor.describe();
    }

    /**
     * Stops the thread (the batch being run finishes), fails the rows still queued, frees the model
     * unless a forward call is still running after 30 s (freeing it then would crash the JVM). An
     * interrupt (Flink cancelling the task) skips none of it.
     */
    @Override
    public void close() {
        InferenceLoop.Stopped<Pending> stopped = loop.stop(STOP_WAIT);
        IllegalStateException closing =
                new IllegalStateException(
                        "the model closed before this row ran (the task is stopping; after a"
                                + " restore the row runs again)");
        for (Pending p : stopped.unprocessed()) {
            p.future().completeExceptionally(closing);
        }
        if (stopped.threadEnded()) {
            predictor.close();
        } else {
            LOG.error(
                    "the inference thread is still in a forward call after {}; its model ({}) is"
                            + " left to the JVM rather than freed under it",
                    STOP_WAIT,
                    spec.modelFile());
        }
    }

    private static InferenceLoop.Listener<Pending> listener(Observer observer) {
        return new InferenceLoop.Listener<>() {
            @Override
            public void completed(List<Pending> batch, float[][] outputs, long nanos) {
                observer.batchDone(batch.size(), nanos);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).future().complete(outputs[i]);
                }
            }

            @Override
            public void failed(List<Pending> batch, Throwable failure) {
                observer.batchFailed();
                for (Pending p : batch) {
                    p.future().completeExceptionally(failure);
                }
            }
        };
    }
}
