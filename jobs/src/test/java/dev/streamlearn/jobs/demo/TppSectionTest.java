package dev.streamlearn.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import org.junit.jupiter.api.Test;

/** The demo's point-process figures: the model's NLL and the truth's on the same events. */
class TppSectionTest {

    private static JsonNode window(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void whereEveryScoredEventHasATruthTheNllIsTheWindows() throws Exception {
        // a demo's first window (every entity's first event unscored, every other with a truth)
        JsonNode w =
                window(
                        "{\"events\":480,\"scored\":460,\"nll_per_event\":1.4516405611207688,"
                                + "\"truth_nll_per_event\":1.1343024674015225,"
                                + "\"gap_to_truth\":-0.3173380937192462}");
        assertThat(TppSection.nllWhereTruth(w)).isCloseTo(1.4516405611207688, within(1e-12));
        assertThat(TppSection.truthNll(w)).isEqualTo(1.1343024674015225);
    }

    @Test
    void eventsWithoutATruthAreLeftOut() throws Exception {
        // the first window after a resume: each entity's first event comes after the pause
        JsonNode w =
                window(
                        "{\"events\":360,\"scored\":360,\"nll_per_event\":8.021,"
                                + "\"truth_nll_per_event\":1.68,\"gap_to_truth\":-0.289}");
        assertThat(TppSection.nllWhereTruth(w)).isCloseTo(1.969, within(1e-12));
    }

    @Test
    void aWindowWithoutTruthHasNoFigure() throws Exception {
        assertThat(TppSection.nllWhereTruth(window("{\"nll_per_event\":1.2}"))).isNaN();
    }
}
