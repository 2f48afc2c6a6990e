package dev.streamlearn.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code streamlearn bench driftmoe} on the start of Electricity: the as-published learner. */
class DriftMoeBenchmarkTest {

    private static DriftMoeBenchmark bench(List<String> learners, ByteArrayOutputStream text) {
        return new DriftMoeBenchmark(
                new DriftMoeBenchmark.Config("elec", 5_000, List.of(1L), learners),
                new PrintStream(text, true, StandardCharsets.UTF_8));
    }

    @Test
    void asPublishedScoresTheSameModelAfterItLearned() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<DriftMoeBenchmark.Result> results =
                bench(
                                List.of(
                                        "driftmoe-data",
                                        "driftmoe-data+dropout",
                                        DriftMoeBenchmark.AS_PUBLISHED),
                                text)
                        .run();
        assertThat(results)
                .extracting(DriftMoeBenchmark.Result::name)
                .containsExactly(
                        "driftmoe-data", "driftmoe-data+dropout", DriftMoeBenchmark.AS_PUBLISHED);
        assertThat(results).allSatisfy(r -> assertThat(r.instances()).isEqualTo(5_000));
        // as published learns exactly as +dropout (same seed, same routes); only its scoring
        // differs: after the routed expert learned the instance, which flatters it
        double dropout = results.get(1).accuracy();
        double published = results.get(2).accuracy();
        assertThat(published).isGreaterThan(dropout + 0.01);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains(DriftMoeBenchmark.AS_PUBLISHED);
    }

    @Test
    void anUnknownDriftMoeNameListsTheBenchOnlyLearnerToo() {
        assertThatThrownBy(() -> bench(List.of("driftmoe-fast"), new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("driftmoe-improved")
                .hasMessageContaining(DriftMoeBenchmark.AS_PUBLISHED);
    }
}
