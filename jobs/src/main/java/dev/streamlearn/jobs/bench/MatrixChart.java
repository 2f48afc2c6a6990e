package dev.streamlearn.jobs.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Matrices as heat maps drawn by JFreeChart, one panel per matrix in a grid on one PNG, each cell
 * coloured by its value (white at 0, deepening red below) and labelled with it: for the {@code R}
 * matrices of the continual protocol, rows the task trained through, columns the task tested.
 */
final class MatrixChart {
    private static final int PANEL_WIDTH = 420;
    private static final int PANEL_HEIGHT = 380;
    private static final int COLUMNS = 3;

    private MatrixChart() {}

    /**
     * Writes one panel per entry of {@code matrices}; the colour scale runs from {@code low} to 0.
     */
    static void writePng(
            Map<String, double[][]> matrices, List<String> tasks, double low, Path file)
            throws IOException {
        int n = matrices.size();
        int rows = (n + COLUMNS - 1) / COLUMNS;
        int columns = Math.min(n, COLUMNS);
        BufferedImage image =
                new BufferedImage(
                        columns * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int i = 0;
        for (Map.Entry<String, double[][]> e : matrices.entrySet()) {
            Rectangle2D area =
                    new Rectangle2D.Double(
                            (i % COLUMNS) * PANEL_WIDTH,
                            (i / COLUMNS) * PANEL_HEIGHT,
                            PANEL_WIDTH,
                            PANEL_HEIGHT);
            panel(e.getKey(), e.getValue(), tasks, low).draw(g, area);
            i++;
        }
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static JFreeChart panel(String name, double[][] m, List<String> tasks, double low) {
        int n = m.length;
        double[] x = new double[n * n];
        double[] y = new double[n * n];
        double[] z = new double[n * n];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < n; j++) {
                x[t * n + j] = j;
                y[t * n + j] = t;
                z[t * n + j] = m[t][j];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(name, new double[][] {x, y, z});
        String[] labels = tasks.toArray(String[]::new);
        SymbolAxis tested = new SymbolAxis("test task", labels);
        SymbolAxis trained = new SymbolAxis("trained through", labels);
        trained.setInverted(true);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new Reds(low));
        XYPlot plot = new XYPlot(data, tested, trained, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < n; j++) {
                XYTextAnnotation a =
                        new XYTextAnnotation(String.format(Locale.ROOT, "%+.3f", m[t][j]), j, t);
                a.setFont(font);
                plot.addAnnotation(a);
            }
        }
        JFreeChart chart = new JFreeChart(name, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** White at 0 (and above), deepening to red at {@code low} (and below). */
    private record Reds(double low) implements PaintScale {

        @Override
        public double getLowerBound() {
            return low;
        }

        @Override
        public double getUpperBound() {
            return 0;
        }

        @Override
        public Paint getPaint(double value) {
            double f = Double.isFinite(value) ? Math.max(0, Math.min(1, value / low)) : 1;
            int fade = (int) Math.round(255 * (1 - 0.75 * f));
            return new Color(255, fade, fade);
        }
    }
}
