package dev.streamlearn.gpu;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A spec that does not fit its model fails at load time, saying what to change. */
class ModelLoadTest {

    private static ModelSpec small(InferenceEngine engine, int inputWidth, int outputWidth) {
        return new ModelSpec(
                TestModels.file(TestModels.SMALL, engine).toString(),
                engine,
                inputWidth,
                outputWidth,
                DevicePreference.CPU);
    }

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void anInputWidthThatIsNotTheModelsFailsOnLoad(InferenceEngine engine) {
        String engineWords =
                engine == InferenceEngine.PYTORCH
                        ? "mat1 and mat2 shapes cannot be multiplied (2x7 and 8x32)"
                        : "Got: 7 Expected: 8";
        assertThatThrownBy(() -> BatchPredictor.open(small(engine, 7, 3)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(
                        "rejected a probe batch of two rows of 7 values (ModelSpec inputWidth)")
                .hasMessageContaining("set inputWidth to the width of the model's input")
                .hasMessageContaining(engineWords)
                .hasMessageNotContaining("Traceback");
    }

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void anOutputWidthThatIsNotTheModelsFailsOnLoad(InferenceEngine engine) {
        assertThatThrownBy(() -> BatchPredictor.open(small(engine, 8, 4)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageEndingWith(
                        "returns 3 values per row but ModelSpec outputWidth is 4; set outputWidth"
                                + " to 3");
    }

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void aFileOfTheOtherFormatSaysWhatTheEngineReads(InferenceEngine engine) {
        InferenceEngine other =
                engine == InferenceEngine.PYTORCH
                        ? InferenceEngine.ONNX_RUNTIME
                        : InferenceEngine.PYTORCH;
        ModelSpec spec =
                new ModelSpec(
                        TestModels.file(TestModels.SMALL, other).toString(),
                        engine,
                        8,
                        3,
                        DevicePreference.CPU);
        assertThatThrownBy(() -> BatchPredictor.open(spec))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(engine.djlName() + " cannot load")
                .hasMessageContaining("check that it is " + engine.fileKind());
    }

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void aMissingFileIsNamed(InferenceEngine engine) {
        ModelSpec spec = new ModelSpec("no/such/model", engine, 8, 3, DevicePreference.CPU);
        assertThatThrownBy(() -> BatchPredictor.open(spec))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no/such/model does not exist or is not a file");
    }
}
