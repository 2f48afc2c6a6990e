package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
                        dir.resolve("tpp.png"));
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
                .contains("R of prompt", "Continual figures", "Scoring: batched");
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
}
