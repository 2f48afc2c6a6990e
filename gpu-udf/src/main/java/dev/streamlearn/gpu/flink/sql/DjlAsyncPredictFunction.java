package dev.streamlearn.gpu.flink.sql;

import dev.streamlearn.gpu.BatchingSession;
import dev.streamlearn.gpu.ModelSpec;
import dev.streamlearn.gpu.flink.InferenceMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * The asynchronous {@code ML_PREDICT} of a {@code streamlearn-djl} model: Flink calls {@link
 * #asyncPredict} once per row; the rows in flight (up to {@code max-concurrent-operations}) are run
 * in micro-batches of up to {@code batch-size} by one {@link BatchingSession} per subtask. Metrics
 * as the DataStream function's ({@link InferenceMetrics}).
 */
public final class DjlAsyncPredictFunction extends AsyncPredictFunction {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private final RowLayout in;
    private final RowLayout out;
    private final int batchSize;
    private final Duration maxWait;
    private transient BatchingSession session;

    DjlAsyncPredictFunction(
            ModelSpec spec, RowLayout in, RowLayout out, int batchSize, Duration maxWait) {
        this.spec = spec;
        this.in = in;
        this.out = out;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
    }

    @Override
    public void open(FunctionContext context) {
        InferenceMetrics metrics =
                InferenceMetrics.register(context.getMetricGroup(), batchSize, () -> session);
        // Flink bounds the rows in flight (max-concurrent-operations); the queue never fills
        session =
                BatchingSession.open(
                        "ml-predict " + context.getTaskInfo().getTaskNameWithSubtasks(),
                        spec,
                        SqlGpus.assignment(context),
                        batchSize,
                        maxWait,
                        Integer.MAX_VALUE,
                        metrics);
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncPredict(RowData row) {
        float[] features;
        try {
            features = in.read(row);
            return session.submit(() -> "the input row " + row, features)
                    .thenApply(output -> List.of(out.write(output)));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
