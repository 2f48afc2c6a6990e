package dev.streamlearn.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models in the jar are the test models, byte for byte, with the oracle's widths. */
class BundledModelTest {

    @Test
    void shipsTheTestModelsWithTheirWidths(@TempDir Path dir) throws Exception {
        for (BundledModel m : BundledModel.values()) {
            for (InferenceEngine engine : InferenceEngine.values()) {
                ModelSpec spec = m.spec(engine, dir);
                TestModels.Model oracle = TestModels.model(m.modelName());
                assertThat(spec.engine()).isEqualTo(engine);
                assertThat(spec.inputWidth()).isEqualTo(oracle.inputWidth());
                assertThat(spec.outputWidth()).isEqualTo(oracle.outputWidth());
                assertThat(m.parameters()).isEqualTo(oracle.parameters());
                assertThat(Files.mismatch(spec.modelPath(), TestModels.file(m.modelName(), engine)))
                        .isEqualTo(-1L);
            }
        }
    }

    @Test
    void namesTheBundledModelsWhenAskedForAnother() {
        assertThat(BundledModel.parse(" MLP-1m")).isEqualTo(BundledModel.MLP_1M);
        assertThatThrownBy(() -> BundledModel.parse("resnet"))
                .hasMessageContaining("mlp and mlp-1m");
    }
}
