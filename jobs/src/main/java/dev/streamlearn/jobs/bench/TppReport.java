package dev.streamlearn.jobs.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tables and charts of {@link TppBenchmark}. */
final class TppReport {
    private TppReport() {}

    static void print(TppBenchmark.Report report, TppBenchmark.Config config, PrintStream out) {
        out.println();
        out.println("Right after each task: test LL per event minus the ground truth's (ll_gap),");
        out.println(
                "next-time RMSE against the true process's E[Δt] (oracle), type error against the Bayes error");
        BenchTable.<TppBenchmark.Result>of("method", TppBenchmark.Result::method)
                .text("task", TppBenchmark.Result::task)
                .column("seed", "%d", TppBenchmark.Result::seed)
                .column("ll_gap", "%+.4f", TppBenchmark.Result::llGap)
                .column("rmse", "%.4f", TppBenchmark.Result::rmse)
                .column("oracle", "%.4f", TppBenchmark.Result::oracleRmse)
                .column("rmse/oracle", "%.3f", r -> r.rmse() / r.oracleRmse())
                .column("type_err", "%.4f", TppBenchmark.Result::typeError)
                .column("bayes", "%.4f", TppBenchmark.Result::bayesError)
                .text("train ev/s", r -> orDash("%.0f", r.trainEventsPerSecond()))
                .column("score ev/s", "%.0f", TppBenchmark.Result::scoreEventsPerSecond)
                .print(out, report.results());
        out.println();
        out.println(
                "Continual figures (R = LL gap to truth, nats/event; forgetting as in the notes):");
        BenchTable.<TppBenchmark.Summary>of("method", TppBenchmark.Summary::method)
                .column("seed", "%d", TppBenchmark.Summary::seed)
                .column("average", "%+.4f", TppBenchmark.Summary::average)
                .column("loss 1st after 2nd", "%+.4f", TppBenchmark.Summary::firstLossAfterSecond)
                .column("max forgetting", "%+.4f", TppBenchmark.Summary::maxForgetting)
                .column("BWT", "%+.4f", TppBenchmark.Summary::bwt)
                .text("FWT vs Poisson", s -> orDash("%+.4f", s.fwt()))
                .text("next-task R", s -> row(s.nextTask()))
                .print(out, report.summaries());
        for (Map.Entry<String, double[][]> e : report.r().entrySet()) {
            out.println();
            out.println("R of " + e.getKey() + " (row: trained through task, column: test task)");
            for (double[] row : e.getValue()) {
                out.println("  " + row(row));
            }
        }
        if (report.scoring() != null) {
            TppScoringSpeed.Figures s = report.scoring();
            out.println();
            out.printf(
                    Locale.ROOT,
                    "Scoring: batched %.0f events/s, one event at a time %.0f events/s (%d events): %.1fx%n",
                    s.batched(),
                    s.oneAtATime(),
                    s.events(),
                    s.ratio());
        }
    }

    private static String orDash(String format, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String row(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(String.format(Locale.ROOT, "%+8.4f", v));
        }
        return b.toString().trim();
    }

    /**
     * {@code PREFIX-r.png}: R per method as lines per test task; {@code PREFIX-curve.png}: losses.
     */
    static void writePngs(
            TppBenchmark.Report report, List<String> tasks, Path prefix, PrintStream out)
            throws IOException {
        String base = prefix.toString().replaceFirst("\\.png$", "");
        Path rFile = Path.of(base + "-r.png");
        MatrixChart.writePng(report.r(), tasks, -0.3, rFile);
        out.println("wrote " + rFile);
        Path curveFile = Path.of(base + "-curve.png");
        LineChart curve =
                new LineChart("Training loss per event, task after task", "epoch", "loss");
        for (Map.Entry<String, List<Double>> e : report.losses().entrySet()) {
            List<Double> l = e.getValue();
            if (l.isEmpty()) {
                continue;
            }
            double[] x = new double[l.size()];
            double[] y = new double[l.size()];
            for (int i = 0; i < l.size(); i++) {
                x[i] = i + 1;
                y[i] = l.get(i);
            }
            curve.series(e.getKey(), x, y);
        }
        curve.writePng(curveFile, 1000, 560);
        out.println("wrote " + curveFile);
    }
}
