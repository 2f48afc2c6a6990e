package dev.streamlearn.gpu.flink;

import ai.djl.engine.Engine;
import dev.streamlearn.gpu.DeviceChoice;
import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.gpu.GpuAssignment;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * The GPU a TaskManager offers a subtask through Flink's external resource framework ({@code
 * external-resources: gpu} with the GPU driver): each offered GPU has an {@code index} property;
 * subtasks of one TaskManager share its GPUs round-robin by subtask index.
 */
public final class TaskManagerGpus {
    /** The external resource name Flink's GPU driver is configured under. */
    public static final String RESOURCE = "gpu";

    private TaskManagerGpus() {}

    /** The GPU for subtask {@code subtask}, or empty when the TaskManager offers none. */
    public static Optional<GpuAssignment> assignment(
            Collection<ExternalResourceInfo> gpus, int subtask) {
        if (gpus.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> indices = gpus.stream().map(TaskManagerGpus::index).sorted().toList();
        int index = indices.get(subtask % indices.size());
        return Optional.of(
                GpuAssignment.of(
                        index,
                        String.format(
                                "offered by the TaskManager (external resource '%s': %s; subtask"
                                        + " %d)",
                                RESOURCE, indices, subtask)));
    }

    /**
     * Where subtask {@code subtask} runs a model of {@code engine}: as {@code preference} chooses,
     * on the GPU the TaskManager offers the subtask when it offers any (else the first the engine
     * sees), with the reason for the log line.
     *
     * <pre>{@code
     * DeviceChoice c = TaskManagerGpus.choose(DevicePreference.AUTO, Engine.getEngine("PyTorch"),
     *         context.getExternalResourceInfos(TaskManagerGpus.RESOURCE),
     *         context.getTaskInfo().getIndexOfThisSubtask());
     * }</pre>
     */
    public static DeviceChoice choose(
            DevicePreference preference,
            Engine engine,
            Collection<ExternalResourceInfo> gpus,
            int subtask) {
        return preference.choose(
                engine, assignment(gpus, subtask).orElse(GpuAssignment.firstVisible()));
    }

    private static int index(ExternalResourceInfo gpu) {
        String value =
                gpu.getProperty("index")
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                String.format(
                                                        "the TaskManager's external resource"
                                                                + " '%s' has no 'index' property"
                                                                + " (it has %s); configure Flink's"
                                                                + " GPU driver"
                                                                + " (GPUDriverFactory) for it",
                                                        RESOURCE, gpu.getKeys())));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    String.format(
                            "the TaskManager's external resource '%s' has index '%s', not a GPU"
                                    + " number; check its discovery script",
                            RESOURCE, value),
                    e);
        }
    }
}
