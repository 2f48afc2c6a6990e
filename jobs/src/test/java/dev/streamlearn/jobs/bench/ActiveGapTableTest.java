package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gap to Random: per stream and budget, and the worst over streams, flagged past 2 points. */
class ActiveGapTableTest {

    private static ActiveBenchmark.Result r(String stream, String name, double b, double acc) {
        String[] p = name.split("/");
        return new ActiveBenchmark.Result(
                stream,
                name,
                p[0],
                p.length > 1 ? p[1] : "cumulative",
                b,
                acc,
                0,
                0,
                b,
                0,
                1000,
                1);
    }

    @Test
    void gapsAreToRandomAtTheSameBudgetAndTheWorstStreamIsNamed() {
        List<ActiveBenchmark.Result> a =
                List.of(
                        r("A", "random", 0.01, 0.80),
                        r("A", "variable/biqf", 0.01, 0.75),
                        r("A", "random", 0.05, 0.85),
                        r("A", "variable/biqf", 0.05, 0.86));
        List<ActiveBenchmark.Result> b =
                List.of(
                        r("B", "random", 0.01, 0.60),
                        r("B", "variable/biqf", 0.01, 0.59),
                        r("B", "random", 0.05, 0.70),
                        r("B", "variable/biqf", 0.05, 0.66));
        assertThat(ActiveGapTable.gap(a.get(1), a))
                .isCloseTo(-5.0, org.assertj.core.data.Offset.offset(1e-9));
        ActiveGapTable gaps = new ActiveGapTable(2.0);
        gaps.add("A", a);
        gaps.add("B", b);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        gaps.print(new PrintStream(text, true, StandardCharsets.UTF_8));
        String[] lines = text.toString(StandardCharsets.UTF_8).split("\n");
        String worst = lines[lines.length - 1];
        assertThat(worst).startsWith("variable/biqf");
        // b = 0.01: -5.00 on A (B: -1.00); b = 0.05: -4.00 on B (A: +1.00)
        assertThat(worst.split("\\s+"))
                .containsExactly("variable/biqf", "-5.00*", "A", "-4.00*", "B");
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("80.00", "-1.00 ", "+1.00");
    }
}
