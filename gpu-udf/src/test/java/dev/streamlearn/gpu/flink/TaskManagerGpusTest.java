package dev.streamlearn.gpu.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import dev.streamlearn.gpu.DeviceChoice;
import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.gpu.GpuAssignment;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

/** GPUs offered by a TaskManager, as its GPU driver describes them (an {@code index} property). */
class TaskManagerGpusTest {

    /** What Flink's GPU driver hands a task: properties by name. */
    private record Offered(Map<String, String> properties) implements ExternalResourceInfo {
        static Offered gpu(String index) {
            return new Offered(Map.of("index", index));
        }

        @Override
        public Optional<String> getProperty(String key) {
            return Optional.ofNullable(properties.get(key));
        }

        @Override
        public Collection<String> getKeys() {
            return properties.keySet();
        }
    }

    @Test
    void noneOfferedLeavesTheChoiceToTheEngine() {
        assertThat(TaskManagerGpus.assignment(Set.of(), 0)).isEmpty();
    }

    @Test
    void subtasksShareTheOfferedGpusRoundRobin() {
        List<ExternalResourceInfo> two = List.of(Offered.gpu("3"), Offered.gpu(" 1"));
        assertThat(TaskManagerGpus.assignment(two, 0)).map(GpuAssignment::index).contains(1);
        assertThat(TaskManagerGpus.assignment(two, 1)).map(GpuAssignment::index).contains(3);
        assertThat(TaskManagerGpus.assignment(two, 2)).map(GpuAssignment::index).contains(1);
        assertThat(TaskManagerGpus.assignment(two, 0).orElseThrow().source())
                .contains("external resource 'gpu'")
                .contains("[1, 3]");
    }

    @Test
    void aGpuWithoutAUsableIndexSaysHowToConfigureIt() {
        assertThatThrownBy(
                        () ->
                                TaskManagerGpus.assignment(
                                        List.of(new Offered(Map.of("uuid", "x"))), 0))
                .hasMessageContaining("no 'index' property")
                .hasMessageContaining("GPUDriverFactory");
        assertThatThrownBy(() -> TaskManagerGpus.assignment(List.of(Offered.gpu("first")), 0))
                .hasMessageContaining("index 'first'");
    }

    @Test
    void theChoiceFollowsThePreferenceAndSaysWhy() {
        Engine engine = Engine.getEngine("PyTorch");
        List<ExternalResourceInfo> offered = List.of(Offered.gpu("0"));
        DeviceChoice cpu = TaskManagerGpus.choose(DevicePreference.CPU, engine, offered, 0);
        assertThat(cpu.device()).isEqualTo(Device.cpu());
        assertThat(cpu.reason()).isEqualTo("the CPU was requested");
        // with the CPU natives of this build, an offered GPU cannot be used
        assumeFalse(engine.hasCapability(StandardCapabilities.CUDA), "the engine has CUDA natives");
        DeviceChoice auto = TaskManagerGpus.choose(DevicePreference.AUTO, engine, offered, 0);
        assertThat(auto.device()).isEqualTo(Device.cpu());
        assertThat(auto.reason()).startsWith("no GPU, so the CPU: ");
        DeviceChoice none = TaskManagerGpus.choose(DevicePreference.AUTO, engine, Set.of(), 0);
        assertThat(none.device()).isEqualTo(Device.cpu());
        assertThat(none.reason()).startsWith("no GPU, so the CPU: ");
    }
}
