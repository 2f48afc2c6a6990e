package dev.streamlearn.jobs;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Two injected failures in a row: a snapshot that throws (the first one after a checkpoint
 * completed, so that there is one to go back to), and the job restarts from that checkpoint; then,
 * in the restarted job, the restore throws too, so that it restarts once more from the same
 * checkpoint.
 *
 * <p>The copies of the function share what was thrown through a token of this instance (see {@link
 * FailOnceAfterCheckpoint}).
 */
final class FailInSnapshotThenAfterRestore<T>
        implements MapFunction<T, T>, CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicBoolean[]> THROWN = new ConcurrentHashMap<>();

    private final String token = UUID.randomUUID().toString();
    private transient boolean checkpointed;

    FailInSnapshotThenAfterRestore() {
        THROWN.put(token, new AtomicBoolean[] {new AtomicBoolean(), new AtomicBoolean()});
    }

    /** Whether both failures were thrown. */
    boolean injected() {
        return THROWN.get(token)[0].get() && THROWN.get(token)[1].get();
    }

    @Override
    public T map(T value) {
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (checkpointed && !THROWN.get(token)[0].getAndSet(true)) {
            throw new IllegalStateException("injected failure in a snapshot (test)");
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        if (context.isRestored()
                && THROWN.get(token)[0].get()
                && !THROWN.get(token)[1].getAndSet(true)) {
            throw new IllegalStateException("injected failure right after a restore (test)");
        }
    }
}
