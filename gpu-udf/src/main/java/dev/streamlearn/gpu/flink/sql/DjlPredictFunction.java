package dev.streamlearn.gpu.flink.sql;

import dev.streamlearn.gpu.BatchPredictor;
import dev.streamlearn.gpu.ModelSpec;
import java.util.Collection;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

/** The synchronous {@code ML_PREDICT} of a {@code streamlearn-djl} model: one row per call. */
public final class DjlPredictFunction extends PredictFunction {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private final RowLayout in;
    private final RowLayout out;
    private transient BatchPredictor predictor;

    DjlPredictFunction(ModelSpec spec, RowLayout in, RowLayout out) {
        this.spec = spec;
        this.in = in;
        this.out = out;
    }

    @Override
    public void open(FunctionContext context) {
        predictor = BatchPredictor.open(spec, SqlGpus.assignment(context));
    }

    @Override
    public Collection<RowData> predict(RowData row) {
        return List.of(out.write(predictor.predictOne(in.read(row))));
    }

    @Override
    public void close() {
        if (predictor != null) {
            predictor.close();
        }
    }
}
