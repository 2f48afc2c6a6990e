package dev.streamlearn.gpu.flink.sql;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * How the columns of a SQL model's input or output schema map onto the model's row of floats:
 * either one numeric column per value ({@code x1 DOUBLE, x2 DOUBLE, ...}) or one array column
 * ({@code features ARRAY<FLOAT>}) whose length the {@code input-width} or {@code output-width}
 * option gives.
 */
final class RowLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Set<LogicalTypeRoot> NUMBERS =
            Set.of(
                    LogicalTypeRoot.TINYINT,
                    LogicalTypeRoot.SMALLINT,
                    LogicalTypeRoot.INTEGER,
                    LogicalTypeRoot.BIGINT,
                    LogicalTypeRoot.FLOAT,
                    LogicalTypeRoot.DOUBLE,
                    LogicalTypeRoot.DECIMAL);
    private static final Set<LogicalTypeRoot> FLOATS =
            Set.of(LogicalTypeRoot.FLOAT, LogicalTypeRoot.DOUBLE);

    private final String side;
    private final List<String> names;
    private final LogicalType[] types;
    private final boolean array;
    private final int width;

    private RowLayout(
            String side, List<String> names, LogicalType[] types, boolean array, int width) {
        this.side = side;
        this.names = names;
        this.types = types;
        this.array = array;
        this.width = width;
    }

    /** The input side: numeric columns, or one array of FLOAT or DOUBLE of {@code arrayWidth}. */
    static RowLayout input(ResolvedSchema schema, Integer arrayWidth) {
        return of("input", schema, arrayWidth, NUMBERS, "input-width");
    }

    /** The output side: FLOAT or DOUBLE columns, or one array of them of {@code arrayWidth}. */
    static RowLayout output(ResolvedSchema schema, Integer arrayWidth) {
        return of("output", schema, arrayWidth, FLOATS, "output-width");
    }

    private static RowLayout of(
            String side,
            ResolvedSchema schema,
            Integer arrayWidth,
            Set<LogicalTypeRoot> allowed,
            String widthOption) {
        List<Column> columns = schema.getColumns();
        List<String> names = columns.stream().map(Column::getName).toList();
        LogicalType[] types =
                columns.stream()
                        .map(c -> c.getDataType().getLogicalType())
                        .toArray(LogicalType[]::new);
        if (types.length == 1 && types[0] instanceof ArrayType a) {
            if (!FLOATS.contains(a.getElementType().getTypeRoot())) {
                throw new IllegalArgumentException(
                        String.format(
                                "the model's %s column %s is %s; an array column must be"
                                        + " ARRAY<FLOAT> or ARRAY<DOUBLE>",
                                side, names.get(0), types[0]));
            }
            if (arrayWidth == null || arrayWidth < 1) {
                throw new IllegalArgumentException(
                        String.format(
                                "the model's %s is the array column %s: give its length with"
                                        + " '%s' in the model's WITH options",
                                side, names.get(0), widthOption));
            }
            return new RowLayout(side, names, types, true, arrayWidth);
        }
        for (int i = 0; i < types.length; i++) {
            if (!allowed.contains(types[i].getTypeRoot())) {
                throw new IllegalArgumentException(
                        String.format(
                                "the model's %s column %s is %s; %s columns must be %s (one value"
                                        + " each), or the %s one ARRAY<FLOAT> column",
                                side,
                                names.get(i),
                                types[i],
                                side,
                                allowed == FLOATS ? "FLOAT or DOUBLE" : "numbers",
                                side));
            }
        }
        return new RowLayout(side, names, types, false, types.length);
    }

    int width() {
        return width;
    }

    /** The values of the input row, as floats; a NULL is refused with its column. */
    float[] read(RowData row) {
        if (array) {
            requireNotNull(row, 0);
            ArrayData values = row.getArray(0);
            boolean doubles =
                    ((ArrayType) types[0]).getElementType().getTypeRoot() == LogicalTypeRoot.DOUBLE;
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                if (values.isNullAt(i)) {
                    throw new IllegalArgumentException(
                            String.format(
                                    "%s[%d] is NULL; the model takes numbers", names.get(0), i));
                }
                out[i] = doubles ? (float) values.getDouble(i) : values.getFloat(i);
            }
            return out;
        }
        float[] out = new float[width];
        for (int i = 0; i < width; i++) {
            requireNotNull(row, i);
            out[i] = number(row, i);
        }
        return out;
    }

    private float number(RowData row, int i) {
        return switch (types[i].getTypeRoot()) {
            case TINYINT -> row.getByte(i);
            case SMALLINT -> row.getShort(i);
            case INTEGER -> row.getInt(i);
            case BIGINT -> row.getLong(i);
            case FLOAT -> row.getFloat(i);
            case DOUBLE -> (float) row.getDouble(i);
            case DECIMAL -> {
                DecimalType d = (DecimalType) types[i];
                DecimalData v = row.getDecimal(i, d.getPrecision(), d.getScale());
                yield v.toBigDecimal().floatValue();
            }
            default -> throw new IllegalStateException("not a number column: " + types[i]);
        };
    }

    private void requireNotNull(RowData row, int i) {
        if (row.isNullAt(i)) {
            throw new IllegalArgumentException(
                    String.format(
                            "the %s column %s is NULL; the model takes numbers (filter NULLs out"
                                    + " or COALESCE them)",
                            side, names.get(i)));
        }
    }

    /** The output row of the model's values. */
    RowData write(float[] values) {
        if (array) {
            boolean doubles =
                    ((ArrayType) types[0]).getElementType().getTypeRoot() == LogicalTypeRoot.DOUBLE;
            return GenericRowData.of(
                    doubles
                            ? new GenericArrayData(toDoubles(values))
                            : new GenericArrayData(values));
        }
        GenericRowData row = new GenericRowData(width);
        for (int i = 0; i < width; i++) {
            row.setField(
                    i,
                    types[i].getTypeRoot() == LogicalTypeRoot.DOUBLE
                            ? (Object) (double) values[i]
                            : (Object) values[i]);
        }
        return row;
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
