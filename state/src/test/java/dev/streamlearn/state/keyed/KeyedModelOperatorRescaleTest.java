package dev.streamlearn.state.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.state.keyed.KeyedModelOperatorTest.Event;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSum;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSumCodec;
import dev.streamlearn.state.keyed.KeyedModelOperatorTimersTest.TimerSumFunction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Rescaling on RocksDB: models and pending event-time timers follow their key groups from 2 to 3 to
 * 1 subtasks, and every key's model continues exactly as in a job that never rescaled.
 */
class KeyedModelOperatorRescaleTest {

    private static final int MAX_PARALLELISM = 128;
    private static final int KEYS = 60;
    private static final int PER_PHASE = 600;

    /** A record or a watermark, as every subtask sees the stream. */
    private record Step(Event event, long time) {
        boolean isWatermark() {
            return event == null;
        }
    }

    /**
     * One phase of the stream: records with increasing timestamps over {@link #KEYS} keys, with a
     * watermark 150 ms behind every 40th record, so that timers are pending at the phase's end.
     */
    private static List<Step> phase(int index) {
        Random rnd = new Random(100 + index);
        List<Step> steps = new ArrayList<>();
        long t = 1_000L + index * 100_000L;
        for (int i = 0; i < PER_PHASE; i++) {
            t += 1 + rnd.nextInt(5);
            steps.add(new Step(new Event("k" + rnd.nextInt(KEYS), rnd.nextInt(100)), t));
            if (i % 40 == 39) {
                steps.add(new Step(null, t - 150));
            }
        }
        return steps;
    }

    private static String keyOf(String output) {
        int end = output.indexOf(':');
        int bang = output.indexOf('!');
        return output.substring(0, bang >= 0 && bang < end ? bang : end);
    }

    /** Adds each output to its key's list. */
    private static void collect(Map<String, List<String>> byKey, List<String> outputs) {
        for (String o : outputs) {
            byKey.computeIfAbsent(keyOf(o), k -> new ArrayList<>()).add(o);
        }
    }

    /**
     * Runs {@code steps} on subtasks of a {@code parallelism}-wide operator restored from {@code
     * restoreFrom} (the union of all former subtasks' states), each record on its key group's
     * subtask, and returns the union of their snapshots.
     */
    private static OperatorSubtaskState runPhase(
            List<Step> steps,
            int oldParallelism,
            int parallelism,
            OperatorSubtaskState restoreFrom,
            long checkpointId,
            Map<String, List<String>> byKey,
            Set<Integer> subtasksUsed)
            throws Exception {
        List<ModelHarness<RunningSum>> subtasks = new ArrayList<>();
        try {
            for (int i = 0; i < parallelism; i++) {
                subtasks.add(
                        ModelHarness.of(new TimerSumFunction(100, 0), new RunningSumCodec())
                                .options(KeyedModelOptions.defaults().withMaxCachedModels(3))
                                .backend(new EmbeddedRocksDBStateBackend())
                                .subtask(MAX_PARALLELISM, parallelism, i)
                                .restoreFrom(
                                        restoreFrom == null
                                                ? null
                                                : AbstractStreamOperatorTestHarness
                                                        .repartitionOperatorState(
                                                                restoreFrom,
                                                                MAX_PARALLELISM,
                                                                oldParallelism,
                                                                parallelism,
                                                                i))
                                .open());
            }
            for (Step step : steps) {
                if (step.isWatermark()) {
                    for (ModelHarness<RunningSum> s : subtasks) {
                        collect(byKey, s.watermark(step.time()));
                    }
                } else {
                    int subtask =
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                    step.event().key(), MAX_PARALLELISM, parallelism);
                    subtasksUsed.add(subtask);
                    collect(byKey, subtasks.get(subtask).process(step.event(), step.time()));
                }
            }
            long loads = 0;
            for (ModelHarness<RunningSum> s : subtasks) {
                assertThat(
                                s.harness
                                        .getOperator()
                                        .getKeyedStateBackend()
                                        .getClass()
                                        .getSimpleName())
                        .startsWith("RocksDB");
                loads += s.counter("modelLoads");
            }
            assertThat(loads).as("models read back from state").isPositive();
            OperatorSubtaskState[] snapshots = new OperatorSubtaskState[parallelism];
            for (int i = 0; i < parallelism; i++) {
                snapshots[i] = subtasks.get(i).checkpoint(checkpointId);
                assertThat(subtasks.get(i).gauge("cachedModels")).isLessThanOrEqualTo(3);
            }
            return AbstractStreamOperatorTestHarness.repackageState(snapshots);
        } finally {
            subtasks.forEach(ModelHarness::close);
        }
    }

    /** The same steps on one subtask that is never restored. */
    private static Map<String, List<String>> uninterrupted(List<List<Step>> phases)
            throws Exception {
        Map<String, List<String>> byKey = new TreeMap<>();
        try (ModelHarness<RunningSum> single =
                ModelHarness.of(new TimerSumFunction(100, 0), new RunningSumCodec())
                        .backend(new HashMapStateBackend())
                        .open()) {
            for (List<Step> steps : phases) {
                for (Step step : steps) {
                    collect(
                            byKey,
                            step.isWatermark()
                                    ? single.watermark(step.time())
                                    : single.process(step.event(), step.time()));
                }
            }
            collect(byKey, single.watermark(Long.MAX_VALUE));
            assertThat(single.counter("modelLoads")).isZero();
        }
        return byKey;
    }

    @Test
    void modelsAndTimersContinueExactlyAcrossRescalingTwoThreeOne() throws Exception {
        List<List<Step>> phases = List.of(phase(0), phase(1), phase(2));
        Map<String, List<String>> rescaled = new TreeMap<>();
        Set<Integer> atTwo = new HashSet<>();
        Set<Integer> atThree = new HashSet<>();
        Set<Integer> atOne = new HashSet<>();

        OperatorSubtaskState two = runPhase(phases.get(0), 0, 2, null, 1, rescaled, atTwo);
        OperatorSubtaskState three = runPhase(phases.get(1), 2, 3, two, 2, rescaled, atThree);
        List<Step> last = new ArrayList<>(phases.get(2));
        last.add(new Step(null, Long.MAX_VALUE));
        runPhase(last, 3, 1, three, 3, rescaled, atOne);

        assertThat(atTwo).containsExactlyInAnyOrder(0, 1);
        assertThat(atThree).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(atOne).containsExactly(0);

        Map<String, List<String>> expected = uninterrupted(phases);
        assertThat(expected).hasSize(KEYS);
        assertThat(rescaled.keySet()).isEqualTo(expected.keySet());
        for (String key : expected.keySet()) {
            assertThat(rescaled.get(key)).as("outputs of %s", key).isEqualTo(expected.get(key));
        }
        // every record's output and every timer's (one per distinct timestamp and key)
        assertThat(expected.values().stream().mapToInt(List::size).sum())
                .isGreaterThan(3 * PER_PHASE);
    }
}
