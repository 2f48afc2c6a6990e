package dev.streamlearn.jobs.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A line chart written as a PNG without a display (AWT in headless mode): one line per named
 * series, axes with round ticks, a legend. Benchmarks use it for learning curves.
 *
 * <pre>{@code
 * LineChart chart = new LineChart("SEA_g", "instances", "window accuracy");
 * chart.add("driftmoe-data", xs, ys);
 * chart.write(Path.of("curves.png"));
 * }</pre>
 */
public final class LineChart {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 220;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xd62728),
        new Color(0x2ca02c),
        new Color(0xff7f0e),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x7f7f7f),
        new Color(0xbcbd22),
        new Color(0x17becf)
    };

    private record Series(String name, double[] x, double[] y) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a line; {@code x} and {@code y} have the same length. */
    public LineChart add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "' has " + x.length + " x and " + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    /** Draws the chart and writes it to {@code file} as a PNG. */
    public void write(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM; cannot write " + file);
        }
    }

    private void draw(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double[] xr = range(true);
        double[] yr = range(false);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (double t : ticks(yr[0], yr[1])) {
            int py = TOP + plotH - (int) Math.round((t - yr[0]) / (yr[1] - yr[0]) * plotH);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.DARK_GRAY);
            String s = label(t);
            g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + fm.getAscent() / 2);
        }
        for (double t : ticks(xr[0], xr[1])) {
            int px = LEFT + (int) Math.round((t - xr[0]) / (xr[1] - xr[0]) * plotW);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(px, TOP, px, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            String s = label(t);
            g.drawString(s, px - fm.stringWidth(s) / 2, TOP + plotH + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString(xLabel, LEFT + plotW / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 20);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + plotH / 2 + fm.stringWidth(yLabel) / 2), 20);
        rotated.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, TOP - 18);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(1.6f));
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            g.setColor(PALETTE[s % PALETTE.length]);
            for (int i = 1; i < line.x().length; i++) {
                g.drawLine(
                        LEFT + (int) ((line.x()[i - 1] - xr[0]) / (xr[1] - xr[0]) * plotW),
                        TOP + plotH - (int) ((line.y()[i - 1] - yr[0]) / (yr[1] - yr[0]) * plotH),
                        LEFT + (int) ((line.x()[i] - xr[0]) / (xr[1] - xr[0]) * plotW),
                        TOP + plotH - (int) ((line.y()[i] - yr[0]) / (yr[1] - yr[0]) * plotH));
            }
            int ly = TOP + 10 + s * 20;
            g.fillRect(LEFT + plotW + 15, ly - 5, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(line.name(), LEFT + plotW + 40, ly);
        }
    }

    /** The data range of x or y, padded a little, never empty. */
    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : x ? s.x() : s.y()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-12) {
            return new double[] {lo - 0.5, hi + 0.5};
        }
        double pad = x ? 0 : (hi - lo) * 0.05;
        return new double[] {lo - pad, hi + pad};
    }

    /** About five round tick values inside [lo, hi]. */
    static List<Double> ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            out.add(t);
        }
        return out;
    }

    private static String compact(double v) {
        return String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v);
    }

    private static String label(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return compact(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return compact(v / 1e3) + "k";
        }
        return String.format(Locale.ROOT, a >= 10 || v == Math.rint(v) ? "%.0f" : "%.2f", v);
    }
}
