package dev.streamlearn.jobs.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The text table every benchmark prints: a first column of names, left-aligned, then figures,
 * right-aligned; each column as wide as its header or its widest cell. The same table can be
 * written as Markdown for a report ({@link #markdown}).
 *
 * <pre>{@code
 * BenchTable.of("learner", Result::name)
 *         .column("accuracy", "%.4f", Result::accuracy)
 *         .column("instances/s", "%,.0f", Result::instancesPerSecond)
 *         .print(System.out, results);
 * }</pre>
 */
public final class BenchTable<T> {
    private record Column<T>(String header, Function<T, String> cell) {}

    private final List<Column<T>> columns = new ArrayList<>();

    private BenchTable(String header, Function<T, String> name) {
        columns.add(new Column<>(header, name));
    }

    /** A table whose first column is {@code name} of each row. */
    public static <T> BenchTable<T> of(String header, Function<T, String> name) {
        return new BenchTable<>(header, name);
    }

    /** A column of figures, each formatted with {@code format} (e.g. {@code "%.4f"}). */
    public BenchTable<T> column(String header, String format, Function<T, Object> value) {
        return text(header, row -> String.format(Locale.ROOT, format, value.apply(row)));
    }

    /** A column of ready-made cells (an empty string leaves the cell blank). */
    public BenchTable<T> text(String header, Function<T, String> cell) {
        columns.add(new Column<>(header, cell));
        return this;
    }

    /** Prints the header and one line per row. */
    public void print(PrintStream out, List<T> rows) {
        List<String[]> cells = cells(rows);
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).header().length();
            for (String[] line : cells) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        String[] header = columns.stream().map(Column::header).toArray(String[]::new);
        out.println(line(header, widths));
        for (String[] line : cells) {
            out.println(line(line, widths));
        }
    }

    /** The header, its rule and one line per row, as a Markdown table. */
    public String markdown(List<T> rows) {
        StringBuilder b = new StringBuilder();
        String[] header = columns.stream().map(Column::header).toArray(String[]::new);
        b.append("| ").append(String.join(" | ", header)).append(" |\n");
        b.append("|---".repeat(header.length)).append("|\n");
        for (String[] line : cells(rows)) {
            b.append("| ").append(String.join(" | ", line)).append(" |\n");
        }
        return b.toString();
    }

    private List<String[]> cells(List<T> rows) {
        List<String[]> cells = new ArrayList<>();
        for (T row : rows) {
            cells.add(columns.stream().map(c -> c.cell().apply(row)).toArray(String[]::new));
        }
        return cells;
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder(String.format("%-" + widths[0] + "s", cells[0]));
        for (int c = 1; c < cells.length; c++) {
            b.append("  ").append(String.format("%" + widths[c] + "s", cells[c]));
        }
        return b.toString().stripTrailing();
    }
}
