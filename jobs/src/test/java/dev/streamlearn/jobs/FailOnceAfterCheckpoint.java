package dev.streamlearn.jobs;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * An injected failure: a map that throws once after a checkpoint completed, so that the job
 * restarts from that checkpoint. A subtask throws when half of {@code after} records went through
 * it since its first completed checkpoint; or, when {@code after} records had already gone through
 * it before that checkpoint completed (a fast source runs ahead of the checkpoints), at the
 * checkpoint's completion itself (Flink fails the task then). Whatever the pace, the subtask with
 * the most records throws as long as {@code after} is at most half of what it reads.
 *
 * <p>Flink runs copies of the function (deserialized per subtask and again after the restart); they
 * share whether the failure was thrown through a token of this instance, so two tests, or two
 * suites in one JVM, never share a flag.
 */
final class FailOnceAfterCheckpoint<T> implements MapFunction<T, T>, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicBoolean> THROWN = new ConcurrentHashMap<>();

    private final String token = UUID.randomUUID().toString();
    private final long after;
    private transient long seen;
    private transient long seenSinceCheckpoint;
    private transient boolean checkpointed;

    FailOnceAfterCheckpoint(long after) {
        this.after = after;
        THROWN.put(token, new AtomicBoolean());
    }

    /** Whether the failure was thrown (by any copy of this function). */
    boolean injected() {
        return THROWN.get(token).get();
    }

    @Override
    public T map(T value) {
        seen++;
        if (checkpointed && ++seenSinceCheckpoint > after / 2) {
            throwOnce();
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        boolean first = !checkpointed;
        checkpointed = true;
        if (first && seen >= after) {
            throwOnce();
        }
    }

    private void throwOnce() {
        if (!THROWN.get(token).getAndSet(true)) {
            throw new IllegalStateException("injected failure (test)");
        }
    }
}
