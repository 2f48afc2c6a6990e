package dev.streamlearn.gpu.flink.sql;

import dev.streamlearn.gpu.ModelSpec;
import java.time.Duration;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/**
 * A model of the {@code streamlearn-djl} provider: one row at a time for the synchronous {@code
 * ML_PREDICT}, micro-batches of the rows in flight for the asynchronous one.
 */
final class DjlModelProvider implements PredictRuntimeProvider, AsyncPredictRuntimeProvider {
    private final ModelSpec spec;
    private final RowLayout in;
    private final RowLayout out;
    private final int batchSize;
    private final Duration maxWait;

    DjlModelProvider(ModelSpec spec, RowLayout in, RowLayout out, int batchSize, Duration maxWait) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("'batch-size' must be at least 1, got " + batchSize);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("'max-wait' must not be negative, got " + maxWait);
        }
        this.spec = spec;
        this.in = in;
        this.out = out;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
    }

    @Override
    public PredictFunction createPredictFunction(ModelProvider.Context context) {
        return new DjlPredictFunction(spec, in, out);
    }

    @Override
    public AsyncPredictFunction createAsyncPredictFunction(ModelProvider.Context context) {
        return new DjlAsyncPredictFunction(spec, in, out, batchSize, maxWait);
    }

    @Override
    public ModelProvider copy() {
        return new DjlModelProvider(spec, in, out, batchSize, maxWait);
    }
}
