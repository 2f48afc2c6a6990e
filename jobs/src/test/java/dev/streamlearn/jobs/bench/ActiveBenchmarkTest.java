package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.active.StrategyConfig;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.Streams;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamlearn bench active} on a short stream: its table, JSON and budget chart. */
class ActiveBenchmarkTest {

    @Test
    void shortSweepRunsEveryStrategyAndMoaAndWritesJsonAndChart(@TempDir Path dir)
            throws Exception {
        var config =
                new ActiveBenchmark.Config(
                        "generators.SEAGenerator -i 1",
                        4_000,
                        List.of(1L),
                        "bayes.NaiveBayes",
                        Arrays.asList(StrategyConfig.Kind.values()),
                        List.of(BudgetConfig.Kind.CUMULATIVE, BudgetConfig.Kind.BIQF),
                        List.of(0.1, 0.5),
                        100,
                        true);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        var bench =
                new ActiveBenchmark(config, new PrintStream(text, true, StandardCharsets.UTF_8));
        List<ActiveBenchmark.Result> results = bench.run();
        Path json = dir.resolve("active.json");
        Path png = dir.resolve("budgets.png");
        ActiveBenchmark.writeJson(results, config, json);
        bench.writeChart(results, png);

        // per budget: 7 strategies x 2 managers + MOA's 5
        assertThat(results).hasSize(2 * (14 + 5));
        String table = text.toString(StandardCharsets.UTF_8);
        assertThat(table)
                .contains("accuracy", "labels", "spent", "instances/s", "vs MOA (pt)")
                .contains("split/biqf", "moa-selsampling", "moa-random");

        JsonNode root = Json.MAPPER.readTree(json.toFile());
        assertThat(root.get("results")).hasSize(results.size());
        for (JsonNode r : root.get("results")) {
            assertThat(r.get("name").asText()).isNotBlank();
            assertThat(r.get("strategy").asText()).isNotBlank();
            double budget = r.get("budget").asDouble();
            assertThat(budget).isIn(0.1, 0.5);
            assertThat(r.get("labels_used").asDouble()).isPositive();
            assertThat(r.get("spent_ratio").asDouble()).isLessThanOrEqualTo(budget + 0.01);
            assertThat(r.get("instances_per_s").asDouble()).isPositive();
        }
        // against the majority class of the same 4,000 instances, counted here: a strategy that
        // spends its budget learns SEA (0.83-0.87 measured); one that asks almost nothing (Fixed
        // Uncertainty and Entropy under the cumulative budget: Naive Bayes is never unsure enough)
        // keeps the majority class's accuracy
        double majority = majorityShare(config.stream(), config.instances());
        for (ActiveBenchmark.Result r : results) {
            if (r.spentRatio() >= r.budget() / 2) {
                assertThat(r.accuracy())
                        .as("%s at budget %s, majority class %.4f", r.name(), r.budget(), majority)
                        .isGreaterThan(majority + 0.15);
            } else {
                assertThat(r.accuracy())
                        .as("%s, which spent %.4f of %s", r.name(), r.spentRatio(), r.budget())
                        .isCloseTo(majority, within(0.005));
            }
        }
        // the same rule on the same stream and learner: Variable Uncertainty is close to MOA's
        // (not always equal: MOA reads an untrained learner whose first label was class 1 as sure)
        for (double b : List.of(0.1, 0.5)) {
            assertThat(find(results, "variable", b).accuracy())
                    .isCloseTo(find(results, "moa-variable", b).accuracy(), within(0.01));
            assertThat(find(results, "variable", b).labelsUsed())
                    .isCloseTo(find(results, "moa-variable", b).labelsUsed(), within(40.0));
        }

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(600);
    }

    private static double majorityShare(String stream, long instances) {
        int[] counts = new int[2];
        try (LabelledStream s = Streams.open(stream, null)) {
            for (long i = 0; i < instances; i++) {
                counts[s.next().y()]++;
            }
        }
        return (double) Math.max(counts[0], counts[1]) / instances;
    }

    private static ActiveBenchmark.Result find(
            List<ActiveBenchmark.Result> results, String name, double budget) {
        return results.stream()
                .filter(r -> r.name().equals(name) && r.budget() == budget)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aBadBudgetIsRefusedWithTheRange() {
        assertThatThrownBy(
                        () ->
                                new ActiveBenchmark.Config(
                                        "elec",
                                        100,
                                        List.of(1L),
                                        "bayes.NaiveBayes",
                                        List.of(StrategyConfig.Kind.RANDOM),
                                        List.of(BudgetConfig.Kind.CUMULATIVE),
                                        List.of(1.5),
                                        100,
                                        true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("budget must be a share of instances in (0, 1]");
    }
}
