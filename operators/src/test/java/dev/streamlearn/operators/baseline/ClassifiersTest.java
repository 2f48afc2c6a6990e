package dev.streamlearn.operators.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.operators.driftmoe.DriftMoeConfig;
import dev.streamlearn.operators.driftmoe.DriftMoeConfig.Improvements;
import org.junit.jupiter.api.Test;

/** Learner names: the paper's variants, the improved configuration and single improvements. */
class ClassifiersTest {

    @Test
    void namesTheVariantsAndTheImprovements() {
        assertThat(Classifiers.driftMoe("driftmoe-data")).isEqualTo(DriftMoeConfig.data());
        assertThat(Classifiers.driftMoe("driftmoe-task")).isEqualTo(DriftMoeConfig.task());
        assertThat(Classifiers.driftMoe("driftmoe-improved")).isEqualTo(DriftMoeConfig.improved());
        assertThat(Classifiers.driftMoe("driftmoe-improved").improvements())
                .isEqualTo(Improvements.ALL);
        assertThat(Classifiers.driftMoe("driftmoe-data+vote").improvements())
                .isEqualTo(new Improvements(false, true, 0, 1));
        assertThat(Classifiers.driftMoe("driftmoe-data+reset+standardise").improvements())
                .isEqualTo(new Improvements(true, false, 0.002, 1));
        assertThat(Classifiers.driftMoe("driftmoe-data+dropout").improvements())
                .isEqualTo(new Improvements(false, false, 0, 1, true));
        assertThat(
                        Classifiers.driftMoe(
                                "driftmoe-data+standardise+vote+reset+eager+batch32+weight6+wide"))
                .isEqualTo(DriftMoeConfig.improved());
        assertThat(Classifiers.driftMoe("driftmoe-data+eager").expert())
                .isEqualTo(DriftMoeConfig.EAGER_EXPERT)
                .contains("-c 0.01");
        assertThat(Classifiers.driftMoe("driftmoe-data+batch32").batchSize()).isEqualTo(32);
        assertThat(Classifiers.isDriftMoe("driftmoe-data+vote")).isTrue();
        assertThat(Classifiers.isDriftMoe("trees.HoeffdingTree")).isFalse();
    }

    @Test
    void anUnknownNameSaysWhatExists() {
        assertThatThrownBy(() -> Classifiers.driftMoe("driftmoe-data+turbo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'turbo'")
                .hasMessageContaining("standardise");
        assertThatThrownBy(() -> new PrequentialConfig("driftmoe-fast", 1000, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("driftmoe-improved");
        assertThatThrownBy(() -> Classifiers.driftMoe("driftmoe-task+vote"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("driftmoe-data+");
    }

    @Test
    void theImprovementsAreForMoeDataOnly() {
        assertThatThrownBy(() -> DriftMoeConfig.task().withImprovements(Improvements.ALL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MoE-Data only");
    }
}
