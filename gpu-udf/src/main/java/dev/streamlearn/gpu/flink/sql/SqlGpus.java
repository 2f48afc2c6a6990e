package dev.streamlearn.gpu.flink.sql;

import dev.streamlearn.gpu.GpuAssignment;
import dev.streamlearn.gpu.flink.TaskManagerGpus;
import org.apache.flink.table.functions.FunctionContext;

/** The GPU a TaskManager offers a SQL function's subtask, as for the DataStream function. */
final class SqlGpus {
    private SqlGpus() {}

    static GpuAssignment assignment(FunctionContext context) {
        return TaskManagerGpus.assignment(
                        context.getExternalResourceInfos(TaskManagerGpus.RESOURCE),
                        context.getTaskInfo().getIndexOfThisSubtask())
                .orElse(GpuAssignment.firstVisible());
    }
}
