package dev.streamlearn.state.global;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The global-model operator in Flink's two-input harness: records batched when a checkpoint comes
 * are scored before its barrier, so that across a restore from that checkpoint each record is
 * scored exactly once; the version in use comes back from broadcast state.
 */
@SuppressWarnings("try") // the harness's close() may throw InterruptedException; tests may too
class GlobalModelOperatorTest {
    /**
     * Batches never fill nor time out in these tests: only the operator's own flushes empty them.
     */
    private static final GlobalModelOptions WAITING =
            new GlobalModelOptions(100, Duration.ofHours(1));

    /**
     * Scores a record as "record@version"; a snapshot is its version; the initial model is that of
     * {@code initial}.
     */
    private static final class VersionFunction
            implements GlobalModelFunction<String, Long, String, Long> {
        private static final long serialVersionUID = 1L;
        private final long initial;

        VersionFunction(long initial) {
            this.initial = initial;
        }

        @Override
        public Long initialModel() {
            return initial;
        }

        @Override
        public long initialVersion() {
            return initial;
        }

        @Override
        public long version(Long snapshot) {
            return snapshot;
        }

        @Override
        public Long load(Long snapshot) {
            return snapshot;
        }

        @Override
        public List<String> apply(Long model, long version, List<String> batch) {
            List<String> out = new ArrayList<>(batch.size());
            batch.forEach(r -> out.add(r + "@" + version));
            return out;
        }
    }

    private static TwoInputStreamOperatorTestHarness<String, Long, String> harness()
            throws Exception {
        return harness(0);
    }

    private static TwoInputStreamOperatorTestHarness<String, Long, String> harness(
            long initialVersion) throws Exception {
        return new TwoInputStreamOperatorTestHarness<>(
                new GlobalModelOperator<>(
                        new VersionFunction(initialVersion), Types.LONG, WAITING));
    }

    /**
     * What the task does at a checkpoint: the operator's last step before the barrier, then state.
     */
    private static OperatorSubtaskState checkpoint(
            TwoInputStreamOperatorTestHarness<String, Long, String> h, long id) throws Exception {
        h.prepareSnapshotPreBarrier(id);
        return h.snapshot(id, id * 10);
    }

    @Test
    void recordsWaitingInABatchAreScoredOnceAcrossARestoreFromTheNextCheckpoint() throws Exception {
        List<String> scores = new ArrayList<>();
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>("a", 1));
            h.processElement1(new StreamRecord<>("b", 2));
            assertThat(h.extractOutputValues()).as("still batched").isEmpty();

            checkpoint = checkpoint(h, 1);
            assertThat(h.extractOutputValues())
                    .as("scored before the barrier")
                    .containsExactly("a@0", "b@0");
            scores.addAll(h.extractOutputValues());
            // after the checkpoint, lost with the failure and read again from the source
            h.processElement1(new StreamRecord<>("c", 3));
        }
        try (var restored = harness()) {
            restored.setup();
            restored.initializeState(checkpoint);
            restored.open();
            restored.processElement1(new StreamRecord<>("c", 3));
            restored.endInput1();
            scores.addAll(restored.extractOutputValues());
        }

        assertThat(scores).containsExactly("a@0", "b@0", "c@0");
    }

    @Test
    void aNewVersionScoresOnlyTheRecordsAfterItAndComesBackFromTheCheckpoint() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>("a", 1));
            h.processElement2(new StreamRecord<>(2L));
            h.processElement1(new StreamRecord<>("b", 2));
            h.processElement2(new StreamRecord<>(1L)); // stale: ignored
            checkpoint = checkpoint(h, 1);
            assertThat(h.extractOutputValues()).containsExactly("a@0", "b@2");
        }
        try (var restored = harness()) {
            restored.setup();
            restored.initializeState(checkpoint);
            restored.open();
            restored.processElement1(new StreamRecord<>("c", 3));
            restored.endInput1();

            assertThat(restored.extractOutputValues()).containsExactly("c@2");
        }
    }

    @Test
    void eachScoreKeepsItsRecordsTimestamp() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>("a", 1_732_600_000_000L));
            h.endInput1();

            assertThat(h.getOutput())
                    .containsExactly(new StreamRecord<>("a@0", 1_732_600_000_000L));
        }
    }

    @Test
    void aStartingModelServesAtItsVersionUntilANewerOneButNotAfterARestore() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness(5)) {
            h.open();
            h.processElement1(new StreamRecord<>("a", 1));
            h.processElement2(new StreamRecord<>(5L)); // not newer than the starting model
            h.processElement1(new StreamRecord<>("b", 2));
            h.processElement2(new StreamRecord<>(6L));
            h.processElement1(new StreamRecord<>("c", 3));
            checkpoint = checkpoint(h, 1);
            assertThat(h.extractOutputValues()).containsExactly("a@5", "b@5", "c@6");
        }
        try (var restored = harness(9)) {
            restored.setup();
            restored.initializeState(checkpoint);
            restored.open();
            restored.processElement1(new StreamRecord<>("d", 4));
            restored.endInput1();

            assertThat(restored.extractOutputValues())
                    .as("the checkpointed version wins over the starting model")
                    .containsExactly("d@6");
        }
    }
}
