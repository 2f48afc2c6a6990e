package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlearn.jobs.TppModelFile;
import dev.streamlearn.operators.tpp.online.StartingModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamlearn bench tpp} on tiny tasks: its tables, R matrices, JSON and charts. */
class TppBenchmarkTest {

    @Test
    void aTinyRunScoresEveryTaskAndWritesJsonAndCharts(@TempDir Path dir) throws Exception {
        var config =
                new TppBenchmark.Config(
                        "recurring",
                        4,
                        List.of(3L),
                        12,
                        40,
                        List.of("prompt", "hawkes-mle", "poisson"),
                        1,
                        1,
                        4,
                        3e-3,
                        2,
                        20,
                        dir.resolve("tpp.png"),
                        new TppBenchmark.Export("prompt", dir.resolve("models/tpp-prompt.json")));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TppBenchmark.Report report =
                TppBenchmark.run(config, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(report.results()).hasSize(3 * 4);
        assertThat(report.r()).containsOnlyKeys("prompt", "hawkes-mle", "poisson");
        for (double[][] r : report.r().values()) {
            assertThat(r).hasDimensions(4, 4);
        }
        // the result of a task is the diagonal of its method's R
        TppBenchmark.Result mleB = report.results().get(4 + 1);
        assertThat(mleB.method()).isEqualTo("hawkes-mle");
        assertThat(mleB.llGap()).isEqualTo(report.r().get("hawkes-mle")[1][1]);
        // a Hawkes fitted on regime B scores B's test set far better than a Poisson process does,
        // and the fit on B scores A (another regime) worse than the fit on A did: the protocol
        // evaluates every test set under each state of the learner, not the current task's only
        double[][] mle = report.r().get("hawkes-mle");
        assertThat(mle[1][1]).isGreaterThan(report.r().get("poisson")[1][1] + 0.1);
        assertThat(mle[1][0]).isLessThan(mle[0][0] - 0.05);
        assertThat(report.scoring().ratio()).isGreaterThan(1);
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("R of prompt", "Continual figures", "Scoring: batched")
                .contains("--initial-model " + dir.resolve("models/tpp-prompt.json"));
        StartingModel exported = TppModelFile.read(dir.resolve("models/tpp-prompt.json"));
        assertThat(exported.version()).isZero();
        assertThat(exported.network()).isEqualTo(TppBenchmark.neuralConfig(config, 3, true));
        assertThat(dir.resolve("tpp-r.png")).isNotEmptyFile();
        assertThat(dir.resolve("tpp-curve.png")).isNotEmptyFile();

        Path json = dir.resolve("tpp.json");
        BenchReport.writeJson(json, BenchReport.settings("r", report.r()), report.results());
        JsonNode root = new ObjectMapper().readTree(Files.readString(json));
        JsonNode first = root.get("results").get(0);
        for (String key : List.of("method", "task", "ll_gap", "rmse", "type_error")) {
            assertThat(first.has(key)).as(key).isTrue();
        }
        assertThat(root.get("r").get("prompt")).hasSize(4);
    }

    @Test
    void anExportNamesANeuralMethodThatRunsOnOneSeed(@TempDir Path dir) {
        Path file = dir.resolve("m.json");
        List<String> methods = List.of("hawkes-mle", "finetune", "prompt");
        assertThat(TppBenchmark.Export.of(file, null, methods).method())
                .as("the first neural method")
                .isEqualTo("finetune");
        assertThat(TppBenchmark.Export.of(null, null, methods)).isNull();
        assertThatThrownBy(() -> TppBenchmark.Export.of(file, null, List.of("poisson")))
                .hasMessageContaining("--methods has none: add one of prompt, finetune");
        assertThatThrownBy(() -> TppBenchmark.Export.of(file, "hawkes-mle", methods))
                .hasMessageContaining("choose a neural method");
        assertThatThrownBy(() -> TppBenchmark.Export.of(null, "prompt", methods))
                .hasMessageContaining("--export-method goes with --export-model FILE");
        assertThatThrownBy(() -> config(List.of(1L), List.of("finetune"), "prompt", file))
                .hasMessageContaining("--export-method prompt is not among --methods finetune");
        assertThatThrownBy(() -> config(List.of(1L, 2L), methods, "prompt", file))
                .hasMessageContaining("2 seeds were given: give one with --seeds");
    }

    private static TppBenchmark.Config config(
            List<Long> seeds, List<String> methods, String export, Path file) {
        return new TppBenchmark.Config(
                "recurring",
                4,
                seeds,
                12,
                40,
                methods,
                1,
                1,
                4,
                3e-3,
                2,
                0,
                null,
                new TppBenchmark.Export(export, file));
    }
}
