package dev.streamlearn.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns row-like records ({@code Object[]} of {@link Number}s, as table rows and parsed records
 * arrive) into the float rows a {@link BatchPredictor} takes, naming the row and value that is not
 * a number.
 *
 * <pre>{@code
 * float[][] outputs = predictor.predict(NumberRows.toFloatRows(List.of(new Object[] {1, 2.5, 3L})));
 * }</pre>
 */
public final class NumberRows {
    private NumberRows() {}

    /** Each row's values as floats, in order; widths and finiteness are the predictor's checks. */
    public static List<float[]> toFloatRows(List<Object[]> rows) {
        List<float[]> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            if (row == null) {
                throw new IllegalArgumentException(String.format("row %d is null", r));
            }
            float[] values = new float[row.length];
            for (int c = 0; c < row.length; c++) {
                if (!(row[c] instanceof Number number)) {
                    throw new IllegalArgumentException(notANumber(r, c, row[c]));
                }
                values[c] = number.floatValue();
            }
            out.add(values);
        }
        return out;
    }

    private static String notANumber(int row, int column, Object value) {
        String what =
                value == null
                        ? "null"
                        : String.format("a %s ('%s')", value.getClass().getSimpleName(), value);
        return String.format(
                "row %d, value %d is %s, not a number; a model takes numeric features only:"
                        + " encode or drop it before inference",
                row, column, what);
    }
}
