package dev.streamlearn.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.repository.zoo.Criteria;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine follows the file's extension unless set; widths are checked where they are given. */
class ModelSpecTest {

    @Test
    void picksTheEngineFromTheExtension() {
        assertThat(ModelSpec.of(Path.of("m/mlp.pt"), 8, 3).engine())
                .isEqualTo(InferenceEngine.PYTORCH);
        assertThat(ModelSpec.of(Path.of("m/MLP.ONNX"), 8, 3).engine())
                .isEqualTo(InferenceEngine.ONNX_RUNTIME);
        assertThat(ModelSpec.of(Path.of("mlp.onnx"), 8, 3).device())
                .isEqualTo(DevicePreference.AUTO);
    }

    @Test
    void anUnknownExtensionSaysHowToSetTheEngine() {
        assertThatThrownBy(() -> ModelSpec.of(Path.of("mlp.bin"), 8, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mlp.bin'")
                .hasMessageContaining(".pt is TorchScript (PyTorch), .onnx is ONNX (OnnxRuntime)")
                .hasMessageContaining("ModelSpec.withEngine");
    }

    @Test
    void aSetEngineLoadsAFileOfAnyName(@TempDir Path dir) throws IOException {
        Path renamed = dir.resolve("mlp.bin");
        Files.copy(TestModels.file(TestModels.SMALL, InferenceEngine.PYTORCH), renamed);
        ModelSpec spec =
                new ModelSpec(
                        renamed.toString(), InferenceEngine.PYTORCH, 8, 3, DevicePreference.CPU);
        try (BatchPredictor predictor = BatchPredictor.open(spec)) {
            assertThat(predictor.predictOne(new float[8])).hasSize(3);
        }
        assertThat(spec.withEngine(InferenceEngine.ONNX_RUNTIME).engine())
                .isEqualTo(InferenceEngine.ONNX_RUNTIME);
    }

    @Test
    void rejectsWidthsBelowOne() {
        assertThatThrownBy(() -> ModelSpec.of(Path.of("mlp.pt"), 0, 3))
                .hasMessage(
                        "inputWidth is 0; it is the number of values in a row the model takes (at"
                                + " least 1)");
        assertThatThrownBy(() -> ModelSpec.of(Path.of("mlp.pt"), 8, -1))
                .hasMessageStartingWith("outputWidth is -1");
    }

    @Test
    void travelsAsAFlinkFunctionFieldDoes() throws IOException, ClassNotFoundException {
        ModelSpec spec =
                ModelSpec.of(Path.of("models/mlp.onnx"), 8, 3).withDevice(DevicePreference.GPU);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(spec);
        }
    }

    @Test
    void criteriaNameTheEngineTheDeviceAndTheFile() {
        ModelSpec spec = ModelSpec.of(Path.of("models/mlp.onnx"), 8, 3);
        Criteria<float[][], float[][]> criteria = spec.criteria(Device.cpu());
        assertThat(criteria.getEngine()).isEqualTo("OnnxRuntime");
        assertThat(criteria.getDevice()).isEqualTo(Device.cpu());
        assertThat(criteria.getModelName()).isEqualTo("mlp.onnx");
        assertThat(criteria.getInputClass()).isEqualTo(float[][].class);
    }
}
