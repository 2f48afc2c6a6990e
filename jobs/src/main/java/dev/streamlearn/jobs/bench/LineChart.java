package dev.streamlearn.jobs.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart written as a PNG by JFreeChart in headless mode: named series of (x, y) points and
 * optional dashed horizontal reference lines, for learning curves and accuracy plots.
 *
 * <pre>{@code
 * new LineChart("CartPole-v1, Q(lambda)", "step", "episode return")
 *         .series("seed 0", steps, returns)
 *         .horizontalLine("475", 475)
 *         .writePng(Path.of("curves.png"), 960, 540);
 * }</pre>
 */
public final class LineChart {
    /** Distinct colours that read on white (matplotlib's tab10). */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xff7f0e),
        new Color(0x2ca02c),
        new Color(0xd62728),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x7f7f7f),
        new Color(0xbcbd22),
        new Color(0x17becf)
    };

    private record Line(String name, double y) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final XYSeriesCollection series = new XYSeriesCollection();
    private final List<Line> lines = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * Adds a series; {@code x} and {@code y} must have the same length. Points that are not finite
     * are left out.
     */
    public LineChart series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "' has " + x.length + " x values but " + y.length + " y");
        }
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                s.add(x[i], y[i]);
            }
        }
        series.addSeries(s);
        return this;
    }

    /** Adds a dashed horizontal reference line (e.g. a target). */
    public LineChart horizontalLine(String name, double y) {
        lines.add(new Line(name, y));
        return this;
    }

    /** Draws the chart and writes it as a PNG file (parent folders are created). */
    public void writePng(Path file, int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        title,
                        xLabel,
                        yLabel,
                        series,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        for (int i = 0; i < series.getSeriesCount(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(1.5f));
            plot.getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        ValueAxis range = plot.getRangeAxis();
        for (Line l : lines) {
            ValueMarker marker =
                    new ValueMarker(
                            l.y(),
                            Color.DARK_GRAY,
                            new BasicStroke(
                                    1f,
                                    BasicStroke.CAP_BUTT,
                                    BasicStroke.JOIN_MITER,
                                    1f,
                                    new float[] {6f, 4f},
                                    0f));
            marker.setLabel(l.name());
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(marker);
            // keep the line in view: the axis's auto range covers the series only
            range.setRange(
                    Math.min(range.getLowerBound(), l.y()),
                    Math.max(range.getUpperBound(), l.y() + 0.05 * Math.abs(l.y())));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }
}
