package dev.streamlearn.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** Loads the real PyTorch engine from the CPU native jar (offline) and picks devices with it. */
class DevicePreferenceTest {

    @Test
    void autoFallsBackToTheCpuWithoutAGpuAndComputesThere() {
        Engine engine = Engine.getEngine("PyTorch");
        Device device = DevicePreference.AUTO.select(engine);
        assertThat(device).isEqualTo(engine.getGpuCount() > 0 ? Device.gpu(0) : Device.cpu());
        try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray a =
                    manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray product = a.matMul(a);
            assertThat(product.toFloatArray()).containsExactly(7f, 10f, 15f, 22f);
        }
    }

    @Test
    void gpuWithoutOneSaysHowToFallBack() {
        Engine engine = Engine.getEngine("PyTorch");
        if (engine.getGpuCount() == 0) {
            assertThatThrownBy(() -> DevicePreference.GPU.select(engine))
                    .hasMessageContaining("--device auto");
        } else {
            assertThat(DevicePreference.GPU.select(engine)).isEqualTo(Device.gpu(0));
        }
    }

    @Test
    void saysWhyItChoseADevice() {
        Engine engine = Engine.getEngine("PyTorch");
        assertThat(DevicePreference.CPU.choose(engine))
                .isEqualTo(new DeviceChoice(Device.cpu(), "the CPU was requested"));
        DeviceChoice auto = DevicePreference.AUTO.choose(engine);
        assertThat(auto.reason())
                .startsWith(
                        auto.device().isGpu()
                                ? "GPU 0, the first the engine sees (the PyTorch engine sees"
                                : "no GPU");
    }

    @Test
    void anAssignedGpuIsTakenWhenTheEngineSeesItAndSaidOtherwise() {
        Engine engine = Engine.getEngine("PyTorch");
        GpuAssignment second = GpuAssignment.of(1, "offered by the TaskManager");
        DeviceChoice auto = DevicePreference.AUTO.choose(engine, second);
        if (engine.getGpuCount() > 1) {
            assertThat(auto.device()).isEqualTo(Device.gpu(1));
            assertThat(auto.reason()).startsWith("GPU 1, offered by the TaskManager");
        } else {
            assertThat(auto.device()).isEqualTo(Device.cpu());
            assertThat(auto.reason()).startsWith("no GPU, so the CPU: ");
            assertThatThrownBy(() -> DevicePreference.GPU.choose(engine, second))
                    .hasMessageContaining("--device auto");
        }
        assertThat(DevicePreference.CPU.choose(engine, second).device()).isEqualTo(Device.cpu());
        assertThatThrownBy(() -> GpuAssignment.of(-1, "x")).hasMessageContaining("0 or more");
    }

    @Test
    void parsesAnyCaseAndRejectsOthers() {
        assertThat(DevicePreference.parse(" Cpu ")).isEqualTo(DevicePreference.CPU);
        assertThatThrownBy(() -> DevicePreference.parse("tpu"))
                .hasMessageContaining("auto, cpu, gpu");
    }
}
