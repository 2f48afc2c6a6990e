package dev.streamlearn.gpu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Packs a batch of {@code float} rows into one {@code [rows, inputWidth]} tensor and unpacks the
 * model's {@code [rows, outputWidth]} answer into one array per row, so that a whole batch is one
 * forward call. Rows are checked first (width, finite values).
 */
public final class FloatRowsTranslator implements NoBatchifyTranslator<float[][], float[][]> {
    private final int inputWidth;
    private final int outputWidth;

    public FloatRowsTranslator(int inputWidth, int outputWidth) {
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[][] rows) {
        RowCheck.requireValid(rows, inputWidth);
        float[] packed = new float[rows.length * inputWidth];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, packed, r * inputWidth, inputWidth);
        }
        return new NDList(ctx.getNDManager().create(packed, new Shape(rows.length, inputWidth)));
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray output = list.singletonOrThrow();
        Shape shape = output.getShape();
        if (shape.dimension() != 2 || shape.get(1) != outputWidth) {
            throw new IllegalStateException(
                    String.format(
                            "the model returned shape %s but ModelSpec outputWidth is %d",
                            shape, outputWidth));
        }
        float[] packed = output.toFloatArray();
        float[][] rows = new float[(int) shape.get(0)][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new float[outputWidth];
            System.arraycopy(packed, r * outputWidth, rows[r], 0, outputWidth);
        }
        return rows;
    }
}
