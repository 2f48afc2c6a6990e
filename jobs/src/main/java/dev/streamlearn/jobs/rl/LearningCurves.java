package dev.streamlearn.jobs.rl;

import dev.streamlearn.jobs.bench.LineChart;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The learning curve of a run of {@link EnvironmentRunner}: one CSV row per ended episode, and a
 * PNG chart of the return against the agent's own steps (a moving average over 20 episodes per
 * agent, the mean over agents, and the task's reward threshold).
 */
public final class LearningCurves {
    private static final int WINDOW = 20;
    private static final int BINS = 60;
    private static final int MAX_AGENT_SERIES = 4;

    private LearningCurves() {}

    /** {@code agent,episode,agent_steps,length,return,seconds}, one row per ended episode. */
    public static void writeCsv(EnvironmentRunner.Result result, String agentPrefix, Path file)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("agent,episode,agent_steps,length,return,seconds\n");
            for (EnvironmentRunner.EpisodeEnd e : result.episodes()) {
                w.write(
                        String.format(
                                Locale.ROOT,
                                "%s%d,%d,%d,%d,%.6g,%.3f%n",
                                agentPrefix,
                                e.agent(),
                                e.episode(),
                                e.agentSteps(),
                                e.length(),
                                e.episodeReturn(),
                                e.seconds()));
            }
        }
    }

    /**
     * The chart: the mean over agents of each agent's 20-episode moving average, binned by agent
     * steps; the first agents' own curves; the reward threshold (NaN for none).
     */
    public static void writePng(
            EnvironmentRunner.Result result, int agents, String title, double threshold, Path file)
            throws IOException {
        List<List<double[]>> perAgent = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            perAgent.add(new ArrayList<>());
        }
        long maxSteps = 1;
        for (EnvironmentRunner.EpisodeEnd e : result.episodes()) {
            List<double[]> points = perAgent.get(e.agent());
            points.add(new double[] {e.agentSteps(), e.episodeReturn()});
            maxSteps = Math.max(maxSteps, e.agentSteps());
        }
        double[] sum = new double[BINS];
        int[] count = new int[BINS];
        LineChart chart = new LineChart(title, "agent steps", "episode return (20-episode mean)");
        for (int a = 0; a < agents; a++) {
            List<double[]> points = perAgent.get(a);
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            double window = 0;
            for (int i = 0; i < points.size(); i++) {
                window += points.get(i)[1];
                if (i >= WINDOW) {
                    window -= points.get(i - WINDOW)[1];
                }
                x[i] = points.get(i)[0];
                y[i] = window / Math.min(i + 1, WINDOW);
                int bin = (int) Math.min(BINS - 1, (long) (x[i] * BINS / (maxSteps + 1)));
                sum[bin] += y[i];
                count[bin]++;
            }
            if (a < MAX_AGENT_SERIES && x.length > 0) {
                chart.series("agent " + a, x, y);
            }
        }
        List<double[]> mean = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                mean.add(new double[] {(b + 0.5) * (maxSteps + 1) / BINS, sum[b] / count[b]});
            }
        }
        if (agents > 1 && !mean.isEmpty()) {
            chart.series(
                    "mean of " + agents + " agents",
                    mean.stream().mapToDouble(p -> p[0]).toArray(),
                    mean.stream().mapToDouble(p -> p[1]).toArray());
        }
        if (!Double.isNaN(threshold)) {
            chart.horizontalLine("reward threshold " + threshold, threshold);
        }
        chart.writePng(file, 960, 540);
    }
}
