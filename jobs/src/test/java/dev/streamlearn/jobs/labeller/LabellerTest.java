package dev.streamlearn.jobs.labeller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.LabelRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The labeller without Kafka, on a hand-moved clock. */
class LabellerTest {

    @Test
    void answersFromTheTruthWithinTheDelayWithNoiseAndSilences() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        Labeller l =
                new Labeller(
                        new Labeller.Options(
                                "unused:9092",
                                "in",
                                "req",
                                "lab",
                                Duration.ofMillis(100),
                                Duration.ofMillis(300),
                                0.2,
                                0.1,
                                5,
                                10_000),
                        now::get);
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            String y = i % 3 == 0 ? "A" : "B";
            l.onInstance(RecordJson.instance("s", Integer.toString(i), i, List.of(1.0), y));
            l.onRequest(
                    RecordJson.labelRequest(
                            new LabelRequest(
                                    "s",
                                    Integer.toString(i),
                                    i,
                                    i + 10,
                                    new String[] {"A", "B", "C"},
                                    new double[] {0.3, 0.3, 0.4},
                                    0.5,
                                    "m",
                                    0)));
        }
        // a request whose instance comes later waits for its ground truth
        l.onRequest(
                RecordJson.labelRequest(
                        new LabelRequest(
                                "s",
                                "later",
                                0,
                                10,
                                new String[] {"A", "B"},
                                new double[] {0.5, 0.5},
                                0.5,
                                "m",
                                0)));
        assertThat(l.stats().withoutTruth()).as("the request of \"later\"").isEqualTo(1);
        assertThat(l.due()).as("nothing before the shortest delay").isEmpty();
        now.addAndGet(99);
        assertThat(l.due()).isEmpty();
        now.addAndGet(1);
        List<JsonNode> answers = new ArrayList<>();
        for (var r : l.due()) {
            answers.add(Json.MAPPER.readTree(r.value()));
        }
        assertThat(answers).isNotEmpty();
        now.addAndGet(200);
        for (var r : l.due()) {
            answers.add(Json.MAPPER.readTree(r.value()));
            assertThat(r.topic()).isEqualTo("lab");
        }
        assertThat(l.scheduled()).isZero();
        Labeller.Stats s = l.stats();
        assertThat(s.requests()).isEqualTo(n + 1);
        assertThat(s.answered()).isEqualTo(answers.size());
        assertThat((double) s.silent() / n).isBetween(0.07, 0.13);
        int wrong = 0;
        for (JsonNode a : answers) {
            int i = Integer.parseInt(a.get("id").asText());
            String truth = i % 3 == 0 ? "A" : "B";
            wrong += a.get("y").asText().equals(truth) ? 0 : 1;
        }
        assertThat(wrong).isEqualTo(s.noisy());
        assertThat((double) wrong / answers.size()).isBetween(0.16, 0.24);
    }
}
