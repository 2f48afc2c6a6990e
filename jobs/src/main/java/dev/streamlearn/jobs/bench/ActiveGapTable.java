package dev.streamlearn.jobs.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The gap to Random of every active-learning run, in accuracy points, per budget: one table per
 * stream and, over several streams, the worst gap of each run, so that a strategy that collapses at
 * some budget on some stream shows in one run. Random is our {@code random} run under the
 * cumulative manager (Random's rule: each label with probability b) at the same budget and seeds;
 * its accuracy heads each table.
 *
 * <pre>{@code
 * ActiveGapTable gaps = new ActiveGapTable(2.0);
 * gaps.add("SEA_a", results);
 * gaps.print(System.out);
 * }</pre>
 */
public final class ActiveGapTable {
    /** The run every gap is measured to. */
    static final String RANDOM = "random";

    private final double tolerance;
    private final Map<String, List<ActiveBenchmark.Result>> byStream = new LinkedHashMap<>();

    /**
     * @param tolerance points below Random that a cell is flagged at ({@code *})
     */
    public ActiveGapTable(double tolerance) {
        this.tolerance = tolerance;
    }

    /** The results of one stream, every budget. */
    public void add(String stream, List<ActiveBenchmark.Result> results) {
        byStream.put(stream, results);
    }

    /** The gap of {@code r} to Random at its budget on its stream, in points; NaN without one. */
    static double gap(ActiveBenchmark.Result r, List<ActiveBenchmark.Result> results) {
        return results.stream()
                .filter(m -> m.name().equals(RANDOM) && m.budget() == r.budget())
                .findFirst()
                .map(m -> (r.accuracy() - m.accuracy()) * 100)
                .orElse(Double.NaN);
    }

    /** Prints one table per stream, then the worst gaps over the streams when there are several. */
    public void print(PrintStream out) {
        for (Map.Entry<String, List<ActiveBenchmark.Result>> e : byStream.entrySet()) {
            List<ActiveBenchmark.Result> rs = e.getValue();
            out.println();
            out.printf(
                    "%s: accuracy of Random (%%), then each run's gap to it (pt; * more than %.1f"
                            + " below)%n",
                    e.getKey(), tolerance);
            table(out, rs, r -> gap(r, rs), true);
        }
        if (byStream.size() > 1) {
            out.println();
            out.printf(
                    "worst gap to Random over %d streams (pt; * more than %.1f below), and the"
                            + " stream%n",
                    byStream.size(), tolerance);
            List<ActiveBenchmark.Result> all = new ArrayList<>();
            byStream.values().forEach(all::addAll);
            table(out, all, this::worst, false);
        }
    }

    /** The lowest gap of the run named as {@code r} at its budget over every stream. */
    private double worst(ActiveBenchmark.Result r) {
        double worst = Double.POSITIVE_INFINITY;
        for (List<ActiveBenchmark.Result> rs : byStream.values()) {
            for (ActiveBenchmark.Result s : rs) {
                if (s.name().equals(r.name()) && s.budget() == r.budget()) {
                    worst = Math.min(worst, gap(s, rs));
                }
            }
        }
        return worst;
    }

    private String worstStream(String name, double budget) {
        String at = "";
        double worst = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, List<ActiveBenchmark.Result>> e : byStream.entrySet()) {
            for (ActiveBenchmark.Result s : e.getValue()) {
                double g = gap(s, e.getValue());
                if (s.name().equals(name) && s.budget() == budget && g < worst) {
                    worst = g;
                    at = e.getKey();
                }
            }
        }
        return at;
    }

    private void table(
            PrintStream out,
            List<ActiveBenchmark.Result> results,
            Function<ActiveBenchmark.Result, Double> value,
            boolean withRandom) {
        List<Double> budgets =
                results.stream().map(ActiveBenchmark.Result::budget).distinct().toList();
        List<String> names =
                results.stream()
                        .filter(r -> !r.isMoa() && (withRandom || !r.name().equals(RANDOM)))
                        .map(ActiveBenchmark.Result::name)
                        .distinct()
                        .toList();
        BenchTable<String> t = BenchTable.of("run", n -> n);
        for (double b : budgets) {
            t.text("b=" + b, name -> cell(results, name, b, value, withRandom));
            if (!withRandom) {
                t.text("at", name -> worstStream(name, b));
            }
        }
        t.print(out, names);
    }

    private String cell(
            List<ActiveBenchmark.Result> results,
            String name,
            double budget,
            Function<ActiveBenchmark.Result, Double> value,
            boolean withRandom) {
        for (ActiveBenchmark.Result r : results) {
            if (r.name().equals(name) && r.budget() == budget) {
                if (withRandom && name.equals(RANDOM)) {
                    return String.format(Locale.ROOT, "%.2f", r.accuracy() * 100);
                }
                double g = value.apply(r);
                return String.format(Locale.ROOT, "%+.2f%s", g, g < -tolerance ? "*" : "");
            }
        }
        return "";
    }
}
