package dev.streamlearn.gpu.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
