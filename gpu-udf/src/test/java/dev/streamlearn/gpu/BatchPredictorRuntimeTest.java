package dev.streamlearn.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a predictor reports about its engine, device and natives, and the CPU fallback: these
 * machines (and CI) have no GPU, so {@code AUTO} must run on the CPU and say why in one line.
 */
class BatchPredictorRuntimeTest {

    private static ModelSpec small(InferenceEngine engine, DevicePreference device) {
        return TestModels.spec(TestModels.SMALL, engine).withDevice(device);
    }

    private static boolean noGpu(InferenceEngine engine) {
        return Engine.getEngine(engine.djlName()).getGpuCount() == 0;
    }

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void autoWithoutAGpuRunsOnTheCpuAndLogsWhyInOneLine(InferenceEngine engine) {
        assumeTrue(noGpu(engine), "this machine has a GPU");
        try (CapturedLog log = new CapturedLog(BatchPredictor.class);
                BatchPredictor predictor =
                        BatchPredictor.open(small(engine, DevicePreference.AUTO))) {
            InferenceRuntime runtime = predictor.describe();
            assertThat(runtime.device()).isEqualTo(Device.cpu());
            assertThat(runtime.deviceReason())
                    .startsWith("no GPU, so the CPU: the " + engine.djlName() + " engine")
                    .containsAnyOf("CPU build", "sees no CUDA device");
            assertThat(log.lines())
                    .singleElement()
                    .asString()
                    .contains("mlp", "cpu()", runtime.deviceReason());
            assertThat(predictor.predictOne(new float[8])).hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void aGpuPreferenceWithoutAGpuSaysWhyAndHowToFallBack(InferenceEngine engine) {
        assumeTrue(noGpu(engine), "this machine has a GPU");
        assertThatThrownBy(() -> BatchPredictor.open(small(engine, DevicePreference.GPU)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("a GPU was requested but the " + engine.djlName())
                .hasMessageEndingWith("use --device auto to fall back to the CPU");
    }

    /** BatchPredictor's class example. */
    @Test
    void theClassExampleRuns() {
        Path mlp = TestModels.file(TestModels.SMALL, InferenceEngine.PYTORCH);
        float[] row0 = new float[8];
        float[] row1 = new float[8];
        float[] row2 = new float[8];
        row1[0] = 1;
        row2[7] = -2;
        try (BatchPredictor predictor = BatchPredictor.open(ModelSpec.of(mlp, 8, 3))) {
            float[][] outputs = predictor.predict(List.of(row0, row1, row2));
            InferenceRuntime runtime = predictor.describe(); // engine, version, device, natives
            assertThat(outputs).hasDimensions(3, 3);
            assertThat(runtime.engine()).isEqualTo("PyTorch");
        }
    }

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void describesTheEngineItsVersionAndTheNativeLibraryItLoaded(InferenceEngine engine) {
        try (BatchPredictor predictor = BatchPredictor.open(small(engine, DevicePreference.CPU))) {
            InferenceRuntime runtime = predictor.describe();
            assertThat(runtime.engine()).isEqualTo(engine.djlName());
            assertThat(runtime.engineVersion())
                    .isEqualTo(engine == InferenceEngine.PYTORCH ? "2.7.1" : "1.21.1");
            assertThat(runtime.djlVersion()).isEqualTo("0.36.0");
            assertThat(runtime.deviceReason()).isEqualTo("the CPU was requested");
            assertThat(Path.of(runtime.nativeLibrary()))
                    .isAbsolute()
                    .hasFileName(engine.nativeLibrary())
                    .exists();
        }
    }
}
