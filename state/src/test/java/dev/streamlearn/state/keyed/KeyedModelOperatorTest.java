package dev.streamlearn.state.keyed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cached keyed-model operator in Flink's own keyed operator harness, on the heap and the
 * RocksDB backends.
 */
class KeyedModelOperatorTest {

    /** One input record: a key and a value. */
    record Event(String key, long value) {}

    /** The model: a running count and sum of one key's values. */
    static final class RunningSum {
        long count;
        long sum;
    }

    static final class RunningSumCodec implements ModelCodec<RunningSum> {
        private static final long serialVersionUID = 1L;

        @Override
        public String typeName() {
            return "test-running-sum";
        }

        @Override
        public int currentVersion() {
            return 1;
        }

        @Override
        public void write(RunningSum model, DataOutput out) throws IOException {
            out.writeLong(model.count);
            out.writeLong(model.sum);
        }

        @Override
        public RunningSum read(int version, DataInput in) throws IOException {
            RunningSum m = new RunningSum();
            m.count = in.readLong();
            m.sum = in.readLong();
            return m;
        }
    }

    static final OutputTag<String> MILESTONES = new OutputTag<>("milestones", Types.STRING);

    /** Emits "key:count:sum" per record, and the key on a side output at every 10th record. */
    static final class RunningSumFunction
            implements KeyedModelFunction<String, Event, String, RunningSum> {
        private static final long serialVersionUID = 1L;

        /** Keys whose model left the heap, per function (a copy made by Flink keeps its token). */
        private static final Map<String, List<String>> UNLOADED = new ConcurrentHashMap<>();

        private final String token = UUID.randomUUID().toString();

        @Override
        public RunningSum createModel(String key) {
            return new RunningSum();
        }

        @Override
        public void onUnloaded(String key) {
            unloaded().add(key);
        }

        /** The keys this function was told left the heap, in order. */
        List<String> unloaded() {
            return UNLOADED.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>());
        }

        @Override
        public void processElement(RunningSum model, Event value, Context<String, String> ctx) {
            model.count++;
            model.sum += value.value();
            ctx.collect(ctx.key() + ":" + model.count + ":" + model.sum);
            if (model.count % 10 == 0) {
                ctx.output(MILESTONES, ctx.key() + "@" + ctx.timestamp());
            }
        }
    }

    /** A harness with metric groups that the test can read. */
    private static final class Fixture implements AutoCloseable {
        final MockEnvironment env;
        final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        final RunningSumFunction function = new RunningSumFunction();
        final KeyedOneInputStreamOperatorTestHarness<String, Event, String> harness;

        Fixture(int maxCachedModels, StateBackend backend, OperatorSubtaskState restoreFrom)
                throws Exception {
            env =
                    new MockEnvironmentBuilder()
                            .setManagedMemorySize(32L * 1024 * 1024)
                            .setMetricGroup(
                                    new InterceptingTaskMetricGroup() {
                                        @Override
                                        public InternalOperatorMetricGroup getOrAddOperator(
                                                OperatorID id,
                                                String name,
                                                Map<String, String> variables) {
                                            return metrics;
                                        }
                                    })
                            .build();
            harness =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            new KeyedModelOperator<>(
                                    function, new RunningSumCodec(), maxCachedModels),
                            Event::key,
                            Types.STRING,
                            env);
            harness.setStateBackend(backend);
            if (restoreFrom != null) {
                harness.initializeState(restoreFrom);
            }
            harness.open();
        }

        List<String> process(List<Event> events, int maxCached) throws Exception {
            int before = harness.extractOutputValues().size();
            long ts = 1000;
            for (Event e : events) {
                harness.processElement(e, ts++);
                assertThat(cachedModels()).isLessThanOrEqualTo(maxCached);
            }
            List<String> all = harness.extractOutputValues();
            return new ArrayList<>(all.subList(before, all.size()));
        }

        OperatorSubtaskState checkpoint(long id) throws Exception {
            harness.prepareSnapshotPreBarrier(id);
            return harness.snapshot(id, id * 100);
        }

        int cachedModels() {
            return ((Number) ((Gauge<?>) metrics.get("cachedModels")).getValue()).intValue();
        }

        long counter(String name) {
            return ((Counter) metrics.get(name)).getCount();
        }

        /** Closes harness and environment; declared without InterruptedException for try. */
        @Override
        public void close() {
            try {
                try {
                    harness.close();
                } finally {
                    env.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the test harness", e);
            }
        }
    }

    private static StateBackend backend(String name) {
        return switch (name) {
            case "hashmap" -> new HashMapStateBackend();
            case "rocksdb" -> new EmbeddedRocksDBStateBackend();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** {@code n} events over {@code keys} keys k0..k(keys-1), in a seeded random order. */
    private static List<Event> events(int n, int keys, long seed) {
        Random rnd = new Random(seed);
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Event("k" + rnd.nextInt(keys), rnd.nextInt(100)));
        }
        return out;
    }

    /** What a correct operator outputs for {@code events}, starting from empty models. */
    private static List<String> expected(List<Event> events) {
        Map<String, long[]> sums = new java.util.HashMap<>();
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            long[] s = sums.computeIfAbsent(e.key(), k -> new long[2]);
            s[0]++;
            s[1] += e.value();
            out.add(e.key() + ":" + s[0] + ":" + s[1]);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void keepsOneIsolatedModelPerKey(String backend) throws Exception {
        List<Event> events =
                List.of(
                        new Event("a", 1),
                        new Event("b", 10),
                        new Event("a", 2),
                        new Event("c", 100),
                        new Event("b", 20),
                        new Event("a", 3));
        try (Fixture f = new Fixture(100, backend(backend), null)) {
            assertThat(f.process(events, 100))
                    .containsExactly("a:1:1", "b:1:10", "a:2:3", "c:1:100", "b:2:30", "a:3:6");
            assertThat(f.cachedModels()).isEqualTo(3);
            assertThat(f.harness.getOperator().getKeyedStateBackend().getClass().getSimpleName())
                    .startsWith(backend.equals("rocksdb") ? "RocksDB" : "Heap");
            assertThat(f.counter("modelLoads")).isZero();
            assertThat(f.counter("modelEvictions")).isZero();
        }
    }

    @Test
    void theFunctionIsToldWhichModelsLeaveTheHeap() throws Exception {
        try (Fixture f = new Fixture(2, new HashMapStateBackend(), null)) {
            f.process(List.of(new Event("a", 1), new Event("b", 1), new Event("c", 1)), 100);
            assertThat(f.counter("modelEvictions")).isEqualTo(1);
            assertThat(f.function.unloaded()).containsExactly("a");
        }
    }

    @Test
    void outputsKeepTheRecordTimestampAndSideOutputs() throws Exception {
        try (Fixture f = new Fixture(10, new HashMapStateBackend(), null)) {
            for (int i = 0; i < 20; i++) {
                f.harness.processElement(new Event("a", 1), 500 + i);
            }
            assertThat(f.harness.extractOutputStreamRecords())
                    .allSatisfy(r -> assertThat(r.hasTimestamp()).isTrue())
                    .last()
                    .satisfies(r -> assertThat(r.getTimestamp()).isEqualTo(519));
            assertThat(f.harness.getSideOutput(MILESTONES))
                    .extracting(r -> r.getValue())
                    .containsExactly("a@509", "a@519");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void restoresModelsFromSnapshot(String backend) throws Exception {
        List<Event> before = events(300, 5, 1);
        List<Event> after = events(300, 5, 2);
        OperatorSubtaskState snapshot;
        List<String> uninterrupted;
        try (Fixture f = new Fixture(100, backend(backend), null)) {
            f.process(before, 100);
            snapshot = f.checkpoint(1);
            uninterrupted = f.process(after, 100);
        }
        List<Event> all = new ArrayList<>(before);
        all.addAll(after);
        List<String> expectedAll = expected(all);
        assertThat(uninterrupted).isEqualTo(expectedAll.subList(before.size(), all.size()));

        try (Fixture restored = new Fixture(100, backend(backend), snapshot)) {
            assertThat(restored.process(after, 100)).isEqualTo(uninterrupted);
            assertThat(restored.counter("modelLoads")).as("models read back lazily").isEqualTo(5);
        }
    }

    @Test
    void aSnapshotWithoutChangesSinceTheLastOneStillHoldsEveryModel() throws Exception {
        List<Event> before = events(100, 5, 3);
        List<Event> after = events(100, 5, 4);
        OperatorSubtaskState second;
        List<String> uninterrupted;
        try (Fixture f = new Fixture(100, new HashMapStateBackend(), null)) {
            f.process(before, 100);
            f.checkpoint(1);
            second = f.checkpoint(2);
            uninterrupted = f.process(after, 100);
        }
        try (Fixture restored = new Fixture(100, new HashMapStateBackend(), second)) {
            assertThat(restored.process(after, 100)).isEqualTo(uninterrupted);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void evictedModelsContinueAsIfNeverEvicted(String backend) throws Exception {
        List<Event> events = events(500, 5, 7);
        List<String> bigCache;
        try (Fixture f = new Fixture(1000, backend(backend), null)) {
            bigCache = f.process(events, 1000);
            assertThat(f.counter("modelEvictions")).isZero();
        }
        try (Fixture f = new Fixture(2, backend(backend), null)) {
            assertThat(f.process(events, 2)).isEqualTo(bigCache);
            assertThat(f.cachedModels()).isEqualTo(2);
            assertThat(f.counter("modelEvictions")).isGreaterThan(0);
            assertThat(f.counter("modelLoads")).isGreaterThan(0);
        }
        assertThat(bigCache).isEqualTo(expected(events));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void restoresASnapshotTakenWithASmallCache(String backend) throws Exception {
        List<Event> before = events(400, 5, 8);
        List<Event> after = events(400, 5, 9);
        OperatorSubtaskState snapshot;
        List<String> uninterrupted;
        try (Fixture f = new Fixture(2, backend(backend), null)) {
            f.process(before, 2);
            snapshot = f.checkpoint(1);
            uninterrupted = f.process(after, 2);
        }
        List<Event> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(uninterrupted).isEqualTo(expected(all).subList(before.size(), all.size()));
        try (Fixture restored = new Fixture(2, backend(backend), snapshot)) {
            assertThat(restored.process(after, 2)).isEqualTo(uninterrupted);
        }
    }

    @Test
    void rejectsACacheOfLessThanOneModel() {
        assertThatThrownBy(
                        () ->
                                new KeyedModelOperator<>(
                                        new RunningSumFunction(), new RunningSumCodec(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCachedModels must be at least 1, got 0");
    }
}
