package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTableTest {
    private record Row(String name, double accuracy, long count) {}

    private static final List<Row> ROWS =
            List.of(new Row("hoeffding", 0.81234, 1_500), new Row("nb", 0.7, 20));

    private static BenchTable<Row> table() {
        return BenchTable.of("learner", Row::name)
                .column("accuracy", "%.4f", Row::accuracy)
                .column("instances", "%,d", Row::count);
    }

    @Test
    void textColumnsAreAsWideAsTheirWidestCellWithNamesLeftAndFiguresRight() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table().print(new PrintStream(bytes, true, StandardCharsets.UTF_8), ROWS);
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "learner    accuracy  instances",
                        "hoeffding    0.8123      1,500",
                        "nb           0.7000         20");
    }

    @Test
    void markdownHasOneHeaderOneRuleAndOneLinePerRow() {
        assertThat(table().markdown(ROWS))
                .isEqualTo(
                        "| learner | accuracy | instances |\n"
                                + "|---|---|---|\n"
                                + "| hoeffding | 0.8123 | 1,500 |\n"
                                + "| nb | 0.7000 | 20 |\n");
    }
}
