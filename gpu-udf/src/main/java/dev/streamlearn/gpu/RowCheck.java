package dev.streamlearn.gpu;

/** Rejects a row a model cannot take, naming the row and the fix, before any native call. */
final class RowCheck {
    private RowCheck() {}

    /** Every row has {@code width} finite values. */
    static void requireValid(float[][] rows, int width) {
        for (int r = 0; r < rows.length; r++) {
            float[] row = rows[r];
            if (row == null) {
                throw new IllegalArgumentException(
                        String.format("row %d is null; every row needs %d values", r, width));
            }
            if (row.length != width) {
                throw new IllegalArgumentException(
                        String.format(
                                "row %d has %d values but the model takes %d (ModelSpec"
                                        + " inputWidth); select or pad the features so that every"
                                        + " row has %d",
                                r, row.length, width, width));
            }
            for (int c = 0; c < width; c++) {
                if (!Float.isFinite(row[c])) {
                    throw new IllegalArgumentException(notFinite(r, c, row[c]));
                }
            }
        }
    }

    private static String notFinite(int row, int column, float value) {
        String fix =
                Float.isNaN(value)
                        ? "impute missing values or drop the row before inference"
                        : "clip or rescale the feature to a finite range before inference";
        return String.format(
                "row %d, value %d is %s, which a model cannot use; %s", row, column, value, fix);
    }
}
