package dev.streamlearn.operators.tpp.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import org.junit.jupiter.api.Test;

/**
 * A starting model in the online learner's config: the learner starts from it at its version, and a
 * model of another shape is refused with each difference named.
 */
class StartingModelTest {
    private static final NeuralTppCodec CODEC = new NeuralTppCodec();

    /** A model of the job's shape that is not the config's untrained one (another seed). */
    private static byte[] otherModel(boolean prompts) {
        try (NeuralTpp m = OnlineTppConfig.defaults(3, prompts, 99).initialModel()) {
            return CODEC.encode(m);
        }
    }

    @Test
    void aLearnerStartsFromTheModelAtItsVersion() {
        byte[] bytes = otherModel(true);
        OnlineTppConfig config =
                OnlineTppConfig.defaults(3, true, 1)
                        .withStartingModel(StartingModel.of(7, bytes))
                        .withWindow(0, 30);
        try (OnlineTppLearner learner = OnlineTppLearner.create(config)) {
            assertThat(learner.version()).isEqualTo(7);
            assertThat(CODEC.encode(learner.model())).isEqualTo(bytes);
            for (int i = 0; i < 30; i++) {
                learner.add("e" + (i % 3), 1_000L * i, i % 3);
            }
            OnlineTppLearner.Job job = learner.nextJob();
            job.run();
            assertThat(learner.accept(job))
                    .as("the version after the starting model's")
                    .isEqualTo(8);
        }
        try (NeuralTpp untrained = OnlineTppConfig.defaults(3, true, 1).initialModel()) {
            assertThat(CODEC.encode(untrained)).as("not vacuous").isNotEqualTo(bytes);
        }
    }

    @Test
    void aModelOfAnotherShapeIsRefusedWithEachDifferenceNamed() {
        StartingModel prompts = StartingModel.of(0, otherModel(true));
        OnlineTppConfig fourTypesNoPrompts = OnlineTppConfig.defaults(4, false, 1);

        assertThatThrownBy(() -> fourTypesNoPrompts.withStartingModel(prompts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(configured vs model)")
                .hasMessageContaining("types 4 vs 3")
                .hasMessageContaining("pool 0 vs 10")
                .hasMessageContaining("promptLength 0 vs 5")
                .hasMessageNotContaining("hidden");
    }

    @Test
    void aModelOfAnotherSeedFits() {
        StartingModel start = StartingModel.of(0, otherModel(false));
        OnlineTppConfig config = OnlineTppConfig.defaults(3, false, 1);

        assertThat(start.network().seed()).isNotEqualTo(config.model().seed());
        assertThat(config.withStartingModel(start).initialVersion()).isZero();
    }

    @Test
    void bytesThatAreNotAModelAreRefusedAtOnce() {
        assertThatThrownBy(() -> StartingModel.of(0, new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a model that the 'neural-tpp' codec reads");
        assertThatThrownBy(() -> StartingModel.of(-1, otherModel(false)))
                .hasMessageContaining("at least 0");
    }
}
