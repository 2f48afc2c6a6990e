package dev.streamlearn.gpu;

/** Rejects a row a model cannot take, naming the row and the fix, before any native call. */
final class RowCheck {
    private RowCheck() {}

    /** Every row has {@code width} finite values. */
    static void requireValid(float[][] rows, int width) {
        for (int r = 0; r < rows.length; r++) {
            if (!isValid(rows[r], width)) {
                requireValid("row " + r, rows[r], width);
            }
        }
    }

    /** Whether {@code row} has {@code width} finite values (no message built: the hot path). */
    static boolean isValid(float[] row, int width) {
        if (row == null || row.length != width) {
            return false;
        }
        for (float v : row) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** {@code row} has {@code width} finite values; {@code subject} names it in the message. */
    static void requireValid(String subject, float[] row, int width) {
        if (row == null) {
            throw new IllegalArgumentException(
                    String.format("%s is null; every row needs %d values", subject, width));
        }
        if (row.length != width) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s has %d values but the model takes %d (ModelSpec"
                                    + " inputWidth); select or pad the features so that every"
                                    + " row has %d",
                            subject, row.length, width, width));
        }
        for (int c = 0; c < width; c++) {
            if (!Float.isFinite(row[c])) {
                throw new IllegalArgumentException(notFinite(subject, c, row[c]));
            }
        }
    }

    private static String notFinite(String subject, int column, float value) {
        String fix =
                Float.isNaN(value)
                        ? "impute missing values or drop the row before inference"
                        : "clip or rescale the feature to a finite range before inference";
        return String.format(
                "%s, value %d is %s, which a model cannot use; %s", subject, column, value, fix);
    }
}
