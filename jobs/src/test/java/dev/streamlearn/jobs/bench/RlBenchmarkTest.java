package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamlearn bench rl} on short runs: its table, JSON, CSV and PNG. */
class RlBenchmarkTest {

    @Test
    void shortCartPoleRunWritesTableJsonCsvAndPng(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("curves.csv");
        Path png = dir.resolve("curves.png");
        Path json = dir.resolve("rl.json");
        var config =
                new RlBenchmark.Config(
                        "CartPole-v1", List.of("q", "ac"), 3000, 2, 0, 0, 0, csv, png);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<RlBenchmark.Result> results =
                new RlBenchmark(config, new PrintStream(text, true, StandardCharsets.UTF_8)).run();
        RlBenchmark.writeJson(results, config, json);

        assertThat(results).hasSize(4);
        assertThat(results).allSatisfy(r -> assertThat(r.episodes()).isGreaterThan(5));
        String table = text.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("steps/s", "mean last 20 ep", "q      median", "ac     median");

        JsonNode root = Json.MAPPER.readTree(json.toFile());
        assertThat(root.get("results")).hasSize(4);
        for (JsonNode r : root.get("results")) {
            assertThat(r.get("algo").asText()).isIn("q", "ac");
            assertThat(r.get("seed").asLong()).isIn(0L, 1L);
            assertThat(r.get("steps_per_s").asDouble()).isPositive();
            assertThat(r.get("mean_return_last20").asDouble()).isBetween(1.0, 500.0);
            assertThat(r.has("first_full_episode_step")).isTrue();
        }

        long episodes = results.stream().mapToLong(RlBenchmark.Result::episodes).sum();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("env,algo,seed,episode,end_step,return");
        assertThat(lines).hasSize((int) episodes + 1);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(560);
    }

    @Test
    void sameSeedGivesTheSameCurve() {
        var a = RlBenchmark.runOne("Acrobot-v1", "sarsa", 3, 2000, 16);
        var b = RlBenchmark.runOne("Acrobot-v1", "sarsa", 3, 2000, 16);
        assertThat(a.episodeReturns()).containsExactly(b.episodeReturns());
        assertThat(a.episodeEnds()).containsExactly(b.episodeEnds());
    }

    @Test
    void pendulumRunsTheGaussianActorCritic() {
        var r = RlBenchmark.runOne("Pendulum-v1", "ac", 1, 1000, 16);
        assertThat(r.episodes()).isEqualTo(5); // 200-step episodes, never terminated
        assertThat(r.meanReturnLast20()).isNegative();
    }

    @Test
    void rejectsUnknownNamesWithTheChoices() {
        assertThatThrownBy(
                        () ->
                                new RlBenchmark.Config(
                                        "CartPole-v0", List.of("q"), 10, 1, 0, 0, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CartPole-v1");
        assertThatThrownBy(
                        () ->
                                new RlBenchmark.Config(
                                        "Pendulum-v1", List.of("q"), 10, 1, 0, 0, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only --algo ac");
    }

    @Test
    void lineChartPicksRoundTickSteps() {
        assertThat(LineChart.niceStep(0.7)).isEqualTo(1);
        assertThat(LineChart.niceStep(13)).isEqualTo(20);
        assertThat(LineChart.niceStep(16_000)).isEqualTo(20_000);
        assertThat(LineChart.niceStep(3)).isEqualTo(5);
    }
}
