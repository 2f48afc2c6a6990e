package dev.streamlearn.jobs.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of {@code bench tpp-job}: the NLL gap to the truth per window for every run, the
 * job's version lag, events/s; after each regime change, the gap in the change's window and in the
 * one after (the target: within 0.1 nats one window after); on the return to regime A, prompt
 * against fine-tune.
 */
final class TppJobReport {
    /** The target gap, nats per event, one window after a regime change. */
    static final double TARGET_GAP = 0.1;

    private TppJobReport() {}

    /**
     * @param change the first window of a new regime
     * @param gapAt the gap in that window
     * @param gapAfter the gap in the window after it (NaN when the stream ends there)
     */
    record Recovery(String run, String regimes, int change, double gapAt, double gapAfter) {
        boolean met() {
            return gapAfter <= TARGET_GAP;
        }
    }

    static void print(PrintStream out, List<TppJobBenchmark.Run> runs) {
        out.println();
        out.println("NLL per event above the true process's (nats), per window; job: versions");
        out.println("behind the model trained on every window before (0 = no lag)");
        BenchTable<Integer> table =
                BenchTable.<Integer>of("window", w -> Integer.toString(w))
                        .text("regime", w -> runs.get(0).windows().get(w).segment())
                        .column("events", "%,d", w -> runs.get(0).windows().get(w).events())
                        .column("truth NLL", "%.3f", w -> runs.get(0).windows().get(w).truthNll());
        for (TppJobBenchmark.Run r : runs) {
            table.column(name(r), "%+.3f", w -> r.windows().get(w).gap());
            if (r.where().equals("job")) {
                table.column("lag", "%.2f", w -> r.windows().get(w).versionLag());
            }
        }
        List<Integer> rows = new ArrayList<>();
        for (int w = 0; w < runs.get(0).windows().size(); w++) {
            rows.add(w);
        }
        table.print(out, rows);
        out.println();
        BenchTable.<TppJobBenchmark.Run>of("run", TppJobReport::name)
                .column("events", "%,d", TppJobBenchmark.Run::events)
                .column("seconds", "%.1f", TppJobBenchmark.Run::seconds)
                .column("events/s", "%,.0f", TppJobBenchmark.Run::eventsPerSecond)
                .column("latency p50 ms", "%.0f", r -> r.latency()[0])
                .column("p99 ms", "%.0f", r -> r.latency()[1])
                .print(out, runs);
        out.println();
        out.printf(
                "after each regime change: the gap in its window -> the window after (target <= %.1f)%n",
                TARGET_GAP);
        BenchTable.<Recovery>of("run", Recovery::run)
                .text("change", r -> r.regimes() + " at " + r.change())
                .column("gap at", "%+.3f", Recovery::gapAt)
                .column("gap after", "%+.3f", Recovery::gapAfter)
                .text("met", r -> Double.isNaN(r.gapAfter()) ? "-" : r.met() ? "yes" : "no")
                .print(out, recoveries(runs));
    }

    static String name(TppJobBenchmark.Run r) {
        return r.method() + " " + r.where();
    }

    /** Each run's gaps at and after every regime change. */
    static List<Recovery> recoveries(List<TppJobBenchmark.Run> runs) {
        List<Recovery> out = new ArrayList<>();
        for (TppJobBenchmark.Run r : runs) {
            List<TppScoreWindows.Window> w = r.windows();
            for (int i = 1; i < w.size(); i++) {
                if (!w.get(i).segment().equals(w.get(i - 1).segment())) {
                    double after = i + 1 < w.size() ? w.get(i + 1).gap() : Double.NaN;
                    out.add(
                            new Recovery(
                                    name(r),
                                    w.get(i - 1).segment() + "->" + w.get(i).segment(),
                                    i,
                                    w.get(i).gap(),
                                    after));
                }
            }
        }
        return out;
    }

    static void writeJson(Path file, TppJobBenchmark.Config config, List<TppJobBenchmark.Run> runs)
            throws IOException {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("runs", runs);
        results.put("recoveries", recoveries(runs));
        BenchReport.writeJson(
                file,
                BenchReport.settings(
                        "benchmark", "tpp-job",
                        "entities", config.entities(),
                        "window_seconds", config.windowSeconds(),
                        "windows_per_regime", config.windowsPerRegime(),
                        "seed", config.seed(),
                        "epochs", config.epochs(),
                        "max_sequences", config.maxSequences(),
                        "parallelism", config.parallelism(),
                        "rate", config.rate()),
                List.of(results));
    }

    /** The gap per window of every run, with the target line. */
    static void writePng(Path file, List<TppJobBenchmark.Run> runs) throws IOException {
        LineChart chart =
                new LineChart(
                        "Point-process job on Hawkes regimes A, B, A, C",
                        "window",
                        "NLL per event above the truth (nats)");
        for (TppJobBenchmark.Run r : runs) {
            double[] x = new double[r.windows().size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
                y[i] = r.windows().get(i).gap();
            }
            chart.series(name(r), x, y);
        }
        chart.horizontalLine("target " + TARGET_GAP, TARGET_GAP);
        chart.writePng(file, 900, 500);
    }
}
