package dev.streamlearn.state.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.state.keyed.KeyedModelOperatorTest.Event;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSum;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSumCodec;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSumFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The heap cache bounded by the models' estimated bytes, refreshed at each checkpoint. */
class KeyedModelOperatorByteBoundTest {

    private static final long MODEL_BYTES = 100;
    private static final long MAX_BYTES = 250;

    /** The running sum, with every model estimated at {@link #MODEL_BYTES}. */
    static final class SizedSumFunction
            implements KeyedModelFunction<String, Event, String, RunningSum> {
        private static final long serialVersionUID = 1L;
        private final RunningSumFunction sums = new RunningSumFunction();

        @Override
        public RunningSum createModel(String key) {
            return sums.createModel(key);
        }

        @Override
        public void processElement(RunningSum model, Event value, Context<String, String> ctx) {
            sums.processElement(model, value, ctx);
        }

        @Override
        public long estimatedBytes(RunningSum model) {
            return MODEL_BYTES;
        }
    }

    private static StateBackend backend(String name) {
        return name.equals("rocksdb")
                ? new EmbeddedRocksDBStateBackend()
                : new HashMapStateBackend();
    }

    private static ModelHarness<RunningSum> open(String backend, long maxBytes) throws Exception {
        return ModelHarness.of(new SizedSumFunction(), new RunningSumCodec())
                .options(KeyedModelOptions.defaults().withMaxCachedBytes(maxBytes))
                .backend(backend(backend))
                .open();
    }

    private static List<Event> events(int n, int keys, long seed) {
        Random rnd = new Random(seed);
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Event("k" + rnd.nextInt(keys), rnd.nextInt(100)));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void evictedModelsReloadExactlyUnderAByteBound(String backend) throws Exception {
        List<Event> events = events(600, 8, 21);
        List<String> unbounded = new ArrayList<>();
        try (ModelHarness<RunningSum> h = open(backend, Long.MAX_VALUE)) {
            for (int i = 0; i < events.size(); i++) {
                unbounded.addAll(h.process(events.get(i), i));
                if (i % 50 == 49) {
                    h.flush(i);
                }
            }
            assertThat(h.gauge("cachedBytes")).as("no estimate without a bound").isZero();
            assertThat(h.counter("modelEvictions")).isZero();
        }

        List<String> bounded = new ArrayList<>();
        try (ModelHarness<RunningSum> h = open(backend, MAX_BYTES)) {
            for (int i = 0; i < events.size(); i++) {
                bounded.addAll(h.process(events.get(i), i));
                assertThat(h.gauge("cachedBytes")).isLessThanOrEqualTo(MAX_BYTES + MODEL_BYTES);
                if (i % 50 == 49) {
                    h.flush(i);
                    assertThat(h.gauge("cachedBytes"))
                            .as("after the flush at record %s", i)
                            .isPositive()
                            .isLessThanOrEqualTo(MAX_BYTES);
                }
            }
            assertThat(h.counter("modelEvictions")).isGreaterThan(0);
            assertThat(h.counter("modelLoads")).isGreaterThan(0);
        }
        assertThat(bounded).isEqualTo(unbounded);
    }

    /**
     * A new model counts from the next flush on; a flush that takes the estimate past the bound
     * evicts the least recently used models (just written, so dropping them costs nothing).
     */
    @Test
    void aFlushPastTheBoundEvictsTheLeastRecentlyUsed() throws Exception {
        try (ModelHarness<RunningSum> h = open("hashmap", MAX_BYTES)) {
            h.process(new Event("a", 1), 1);
            h.process(new Event("b", 10), 2);
            assertThat(h.gauge("cachedBytes")).as("not estimated before a flush").isZero();
            h.flush(1);
            assertThat(h.gauge("cachedBytes")).isEqualTo(200);

            h.process(new Event("a", 2), 3); // b is now the least recently used
            h.process(new Event("c", 100), 4); // estimated at the next flush
            assertThat(h.counter("modelEvictions")).isZero();
            h.flush(2);
            assertThat(h.gauge("cachedBytes")).isLessThanOrEqualTo(MAX_BYTES);
            assertThat(h.gauge("cachedModels")).isEqualTo(2);
            assertThat(h.counter("modelEvictions")).isEqualTo(1);

            // a and c are cached, b was evicted and reloads exactly
            assertThat(h.process(new Event("b", 20), 5)).containsExactly("b:2:30");
            assertThat(h.counter("modelLoads")).isEqualTo(1);
            assertThat(h.process(new Event("a", 3), 6)).containsExactly("a:3:6");
            assertThat(h.process(new Event("c", 200), 7)).containsExactly("c:2:300");
            assertThat(h.gauge("cachedBytes")).isLessThanOrEqualTo(MAX_BYTES + MODEL_BYTES);
        }
    }

    @Test
    void aSteadySetOfCachedKeysIsBoundedAtEveryCheckpoint() throws Exception {
        // No key is ever new after the first records, so only the checkpoint can enforce the bound.
        try (ModelHarness<RunningSum> h = open("hashmap", MAX_BYTES)) {
            String[] keys = {"a", "b", "c", "d"};
            for (int round = 0; round < 3; round++) {
                for (String key : keys) {
                    h.process(new Event(key, 1), round);
                }
                h.flush(round);
                assertThat(h.gauge("cachedBytes")).isLessThanOrEqualTo(MAX_BYTES);
                assertThat(h.gauge("cachedModels")).isLessThanOrEqualTo(2);
            }
            assertThat(h.process(new Event("a", 1), 3)).containsExactly("a:4:4");
            assertThat(h.process(new Event("d", 1), 3)).containsExactly("d:4:4");
        }
    }
}
