package dev.streamlearn.operators.driftmoe;

import static dev.streamlearn.operators.driftmoe.DriftMoeFixtures.prequential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.streams.DataSets;
import dev.streamlearn.operators.streams.FileStream;
import dev.streamlearn.operators.streams.LabelledStream;
import org.junit.jupiter.api.Test;

/**
 * Faithfulness to the paper on Electricity (elecNormNew, 45,312 instances, raw inputs), the data
 * set that ships with Streamlearn.
 */
class DriftMoeElectricityTest {
    private static final int INSTANCES = 45_312;

    private static PrequentialEvaluator wholeStream(DriftMoeConfig config) {
        try (LabelledStream stream = FileStream.arff(DataSets.ELEC)) {
            DriftMoe model = DriftMoe.create(config, stream.schema());
            PrequentialEvaluator eval = prequential(model, stream, Long.MAX_VALUE);
            assertThat(eval.count()).isEqualTo(INSTANCES);
            return eval;
        }
    }

    @Test
    void moeTaskMatchesThePublishedAccuracy() {
        // published: 68.73 +- 0.85 (10 seeds); measured with seed 1: 68.24 (30,919 of 45,312)
        PrequentialEvaluator eval = wholeStream(DriftMoeConfig.task());
        assertThat(eval.accuracy() * 100).isCloseTo(68.73, within(1.5));
    }

    @Test
    void moeDataIsAccurateOnElectricity() {
        // The paper publishes 83.76 +- 0.45, which only the earlier reference code's optimistic
        // scoring reaches (docs/benchmarks.md); the released protocol, as here, measures 81.11
        // with seed 1 (36,752 of 45,312), so this guards against regressions.
        PrequentialEvaluator eval = wholeStream(DriftMoeConfig.data());
        assertThat(eval.accuracy()).isGreaterThan(0.78);
    }
}
