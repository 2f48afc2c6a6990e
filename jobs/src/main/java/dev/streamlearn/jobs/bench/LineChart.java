package dev.streamlearn.jobs.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A minimal line chart written as a PNG with {@code java.awt} in headless mode (no display, no
 * chart library): named series of (x, y) points, optional horizontal reference lines, linear axes
 * with round ticks and a legend. Enough for learning curves and throughput plots.
 *
 * <pre>{@code
 * new LineChart("CartPole-v1, Q(lambda)", "step", "episode return")
 *         .series("seed 0", steps, returns)
 *         .horizontalLine("475", 475)
 *         .writePng(Path.of("curves.png"), 960, 540);
 * }</pre>
 */
public final class LineChart {
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

    private record Series(String name, double[] x, double[] y) {}

    private record Line(String name, double y) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series; {@code x} and {@code y} must have the same length. */
    public LineChart series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "' has " + x.length + " x values but " + y.length + " y");
        }
        series.add(new Series(name, x.clone(), y.clone()));
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
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available in this JVM");
        }
    }

    private void draw(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();

        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
                    xMin = Math.min(xMin, s.x[i]);
                    xMax = Math.max(xMax, s.x[i]);
                    yMin = Math.min(yMin, s.y[i]);
                    yMax = Math.max(yMax, s.y[i]);
                }
            }
        }
        for (Line l : lines) {
            yMin = Math.min(yMin, l.y);
            yMax = Math.max(yMax, l.y);
        }
        if (!(xMin <= xMax)) {
            xMin = 0;
            xMax = 1;
        }
        if (!(yMin <= yMax)) {
            yMin = 0;
            yMax = 1;
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        if (yMax == yMin) {
            yMax = yMin + 1;
        }
        double xStep = niceStep((xMax - xMin) / 6);
        double yStep = niceStep((yMax - yMin) / 6);
        xMin = Math.floor(xMin / xStep) * xStep;
        xMax = Math.ceil(xMax / xStep) * xStep;
        yMin = Math.floor(yMin / yStep) * yStep;
        yMax = Math.ceil(yMax / yStep) * yStep;

        int left = 70;
        int right = width - 170;
        int top = 40;
        int bottom = height - 50;
        Axis ax = new Axis(xMin, xMax, yMin, yMax, left, right, top, bottom);

        // grid and ticks
        g.setColor(new Color(0xe6e6e6));
        for (double x = xMin; x <= xMax + xStep / 2; x += xStep) {
            g.drawLine(ax.px(x), top, ax.px(x), bottom);
        }
        for (double y = yMin; y <= yMax + yStep / 2; y += yStep) {
            g.drawLine(left, ax.py(y), right, ax.py(y));
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        for (double x = xMin; x <= xMax + xStep / 2; x += xStep) {
            String label = format(x);
            g.drawString(label, ax.px(x) - fm.stringWidth(label) / 2, bottom + fm.getHeight());
        }
        for (double y = yMin; y <= yMax + yStep / 2; y += yStep) {
            String label = format(y);
            g.drawString(label, left - 6 - fm.stringWidth(label), ax.py(y) + fm.getAscent() / 2);
        }
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, height - 12);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, 18);
        rotated.dispose();
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString(title, left, top - 14);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));

        // reference lines, then series
        g.setStroke(
                new BasicStroke(
                        1.2f,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10,
                        new float[] {6, 4},
                        0));
        g.setColor(Color.GRAY);
        for (Line l : lines) {
            g.drawLine(left, ax.py(l.y), right, ax.py(l.y));
            g.drawString(l.name, right - fm.stringWidth(l.name) - 4, ax.py(l.y) - 4);
        }
        g.setStroke(new BasicStroke(1.6f));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(PALETTE[k % PALETTE.length]);
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) {
                    started = false;
                    continue;
                }
                double px = left + (s.x[i] - xMin) / (xMax - xMin) * (right - left);
                double py = bottom - (s.y[i] - yMin) / (yMax - yMin) * (bottom - top);
                if (started) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    started = true;
                }
            }
            g.draw(path);
            int ly = top + 10 + k * (fm.getHeight() + 4);
            g.fillRect(right + 12, ly - 4, 18, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.name, right + 36, ly + fm.getAscent() / 2 - 2);
        }
    }

    private record Axis(
            double xMin,
            double xMax,
            double yMin,
            double yMax,
            int left,
            int right,
            int top,
            int bottom) {
        int px(double x) {
            return (int) Math.round(left + (x - xMin) / (xMax - xMin) * (right - left));
        }

        int py(double y) {
            return (int) Math.round(bottom - (y - yMin) / (yMax - yMin) * (bottom - top));
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static String format(double v) {
        if (Math.abs(v) >= 1000 && v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
