package dev.streamlearn.state.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.state.keyed.KeyedModelOperatorTest.Event;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSum;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSumCodec;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSumFunction;
import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Idle keys: dropped from the cache after the idle timeout, and from the state through state TTL.
 * The harness's processing time and its state TTL clock move together, as the wall clock moves both
 * in a job.
 */
class KeyedModelOperatorExpiryTest {

    private static final KeyedModelOptions TEN_SECONDS =
            KeyedModelOptions.defaults().withIdleTimeout(Duration.ofSeconds(10));

    private static StateBackend backend(String name) {
        return name.equals("rocksdb")
                ? new EmbeddedRocksDBStateBackend()
                : new HashMapStateBackend();
    }

    private static ModelHarness<RunningSum> open(String backend, OperatorSubtaskState restoreFrom)
            throws Exception {
        return ModelHarness.of(new RunningSumFunction(), new RunningSumCodec())
                .options(TEN_SECONDS)
                .backend(backend(backend))
                .restoreFrom(restoreFrom)
                .open();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aKeyIdleLongerThanTheTimeoutStartsAfreshAfterCacheExpiry(String backend) throws Exception {
        try (ModelHarness<RunningSum> h = open(backend, null)) {
            h.at(0);
            h.process(new Event("a", 1), 1);
            h.process(new Event("b", 10), 2);
            h.at(5_000);
            assertThat(h.process(new Event("b", 20), 3)).containsExactly("b:2:30");

            // a new key finds a idle for 11 s and drops it; b was used 6 s ago
            h.at(11_000);
            assertThat(h.process(new Event("c", 100), 4)).containsExactly("c:1:100");
            assertThat(h.counter("modelExpirations")).isEqualTo(1);
            assertThat(h.gauge("cachedModels")).isEqualTo(2);

            h.at(12_000);
            assertThat(h.process(new Event("a", 2), 5)).as("fresh").containsExactly("a:1:2");
            assertThat(h.process(new Event("b", 30), 6)).as("kept").containsExactly("b:3:60");
            assertThat(h.counter("modelExpirations")).isEqualTo(1);
            assertThat(h.counter("modelLoads")).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aKeyIdleLongerThanTheTimeoutStartsAfreshEvenWhenItIsTheOnlyKey(String backend)
            throws Exception {
        try (ModelHarness<RunningSum> h = open(backend, null)) {
            h.at(0);
            h.process(new Event("a", 1), 1);
            h.at(9_999);
            assertThat(h.process(new Event("a", 2), 2)).containsExactly("a:2:3");
            h.at(19_999);
            assertThat(h.process(new Event("a", 4), 3)).as("idle 10 s").containsExactly("a:1:4");
            assertThat(h.counter("modelExpirations")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aModelIdleAtACheckpointIsNotInTheSnapshot(String backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (ModelHarness<RunningSum> h = open(backend, null)) {
            h.at(0);
            h.process(new Event("a", 1), 1);
            h.at(8_000);
            h.process(new Event("b", 10), 2);
            h.at(11_000);
            snapshot = h.checkpoint(1);
            assertThat(h.counter("modelExpirations")).isEqualTo(1);
            assertThat(h.gauge("cachedModels")).isEqualTo(1);
        }
        try (ModelHarness<RunningSum> restored = open(backend, snapshot)) {
            restored.at(11_000);
            assertThat(restored.process(new Event("a", 2), 3)).containsExactly("a:1:2");
            assertThat(restored.process(new Event("b", 20), 4)).containsExactly("b:2:30");
            assertThat(restored.counter("modelLoads")).as("only b").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void afterRestoreStateTtlDropsAKeyIdleLongerThanTheTimeout(String backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (ModelHarness<RunningSum> h = open(backend, null)) {
            h.at(0);
            h.process(new Event("a", 1), 1);
            h.process(new Event("b", 10), 2);
            h.checkpoint(1);
            h.at(5_000);
            h.process(new Event("b", 20), 3);
            snapshot = h.checkpoint(2);
            assertThat(h.counter("modelExpirations")).isZero();
        }
        // Nothing is cached after the restore: only the state's TTL knows that a is idle.
        try (ModelHarness<RunningSum> restored = open(backend, snapshot)) {
            restored.at(12_000);
            assertThat(restored.process(new Event("a", 2), 4)).as("fresh").containsExactly("a:1:2");
            assertThat(restored.process(new Event("b", 30), 5))
                    .as("kept")
                    .containsExactly("b:3:60");
            assertThat(restored.counter("modelLoads")).as("only b").isEqualTo(1);
            assertThat(restored.counter("modelExpirations")).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void keysUsedWithinTheTimeoutKeepTheirModelsIndefinitely(String backend) throws Exception {
        OperatorSubtaskState snapshot = null;
        long t = 0;
        long expectedSum = 0;
        for (int round = 1; round <= 4; round++) {
            try (ModelHarness<RunningSum> h = open(backend, snapshot)) {
                for (int i = 0; i < 5; i++) {
                    t += 9_000;
                    h.at(t);
                    expectedSum += i;
                    int count = (round - 1) * 5 + i + 1;
                    assertThat(h.process(new Event("a", i), t))
                            .containsExactly("a:" + count + ":" + expectedSum);
                }
                snapshot = h.checkpoint(round);
                assertThat(h.counter("modelExpirations")).isZero();
            }
        }
    }
}
