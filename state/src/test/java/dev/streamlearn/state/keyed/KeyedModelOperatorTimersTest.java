package dev.streamlearn.state.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.state.keyed.KeyedModelOperatorTest.Event;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSum;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.RunningSumCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Event- and processing-time timers of the keyed-model operator, fired with the key's model. */
class KeyedModelOperatorTimersTest {

    /**
     * Sums each key's values and outputs "key:count:sum"; registers an event-time timer {@code
     * eventDelay} after the record's timestamp and a processing-time timer {@code processingDelay}
     * after the current processing time (0: none). A timer counts in the model and outputs
     * "key!e@time:count:sum" (or "!p@" for processing time).
     */
    static final class TimerSumFunction
            implements KeyedModelFunction<String, Event, String, RunningSum> {
        private static final long serialVersionUID = 1L;

        private final long eventDelay;
        private final long processingDelay;

        TimerSumFunction(long eventDelay, long processingDelay) {
            this.eventDelay = eventDelay;
            this.processingDelay = processingDelay;
        }

        @Override
        public RunningSum createModel(String key) {
            return new RunningSum();
        }

        @Override
        public void processElement(RunningSum model, Event value, Context<String, String> ctx) {
            model.count++;
            model.sum += value.value();
            ctx.collect(ctx.key() + ":" + model.count + ":" + model.sum);
            if (eventDelay > 0) {
                ctx.registerEventTimeTimer(ctx.timestamp() + eventDelay);
            }
            if (processingDelay > 0) {
                ctx.registerProcessingTimeTimer(ctx.currentProcessingTime() + processingDelay);
            }
        }

        @Override
        public void onTimer(
                RunningSum model, long timestamp, TimeDomain domain, Context<String, String> ctx) {
            model.count++;
            String kind = domain == TimeDomain.EVENT_TIME ? "e" : "p";
            // The context's timestamp is the event-time timer's, and none for processing time.
            long expectedTimestamp = domain == TimeDomain.EVENT_TIME ? timestamp : Long.MIN_VALUE;
            if (ctx.timestamp() != expectedTimestamp) {
                throw new IllegalStateException(
                        "timer at " + timestamp + " sees context timestamp " + ctx.timestamp());
            }
            ctx.collect(
                    ctx.key() + "!" + kind + "@" + timestamp + ":" + model.count + ":" + model.sum);
        }
    }

    private static StateBackend backend(String name) {
        return name.equals("rocksdb")
                ? new EmbeddedRocksDBStateBackend()
                : new HashMapStateBackend();
    }

    private static ModelHarness.Builder<RunningSum> timers(long eventDelay, long processingDelay) {
        return ModelHarness.of(
                new TimerSumFunction(eventDelay, processingDelay), new RunningSumCodec());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void eventTimeTimerFiresOnTheWatermarkWithTheKeysModel(String backend) throws Exception {
        try (ModelHarness<RunningSum> h = timers(100, 0).backend(backend(backend)).open()) {
            assertThat(h.process(new Event("a", 1), 1000)).containsExactly("a:1:1");
            assertThat(h.process(new Event("b", 10), 1005)).containsExactly("b:1:10");
            assertThat(h.process(new Event("a", 2), 1010)).containsExactly("a:2:3");
            assertThat(h.harness.numEventTimeTimers()).isEqualTo(3);

            assertThat(h.watermark(1099)).isEmpty();
            assertThat(h.watermark(1104)).containsExactly("a!e@1100:3:3");
            assertThat(h.watermark(2000)).containsExactly("b!e@1105:2:10", "a!e@1110:4:3");
            assertThat(h.harness.numEventTimeTimers()).isZero();

            // the timers' changes to the model stay in the model
            assertThat(h.process(new Event("a", 4), 2001)).containsExactly("a:5:7");
            assertThat(h.records())
                    .filteredOn(r -> r.getValue().contains("!"))
                    .extracting(StreamRecord::getTimestamp)
                    .as("a timer's output carries the timer's timestamp")
                    .containsExactly(1100L, 1105L, 1110L);
        }
    }

    @Test
    void processingTimeTimerFiresWhenProcessingTimeReachesIt() throws Exception {
        try (ModelHarness<RunningSum> h = timers(0, 50).open()) {
            h.at(0);
            assertThat(h.process(new Event("a", 1), 1000)).containsExactly("a:1:1");
            h.at(20);
            assertThat(h.process(new Event("b", 10), 1001)).containsExactly("b:1:10");
            h.at(30);
            assertThat(h.process(new Event("a", 2), 1002)).containsExactly("a:2:3");
            assertThat(h.harness.numProcessingTimeTimers()).isEqualTo(3);

            h.at(49);
            assertThat(h.drain()).isEmpty();
            h.at(50);
            assertThat(h.drain()).containsExactly("a!p@50:3:3");
            h.at(75);
            assertThat(h.drain()).containsExactly("b!p@70:2:10");
            h.at(80);
            assertThat(h.drain()).containsExactly("a!p@80:4:3");
            assertThat(h.harness.numProcessingTimeTimers()).isZero();
            assertThat(h.records())
                    .filteredOn(r -> r.getValue().contains("!"))
                    .allSatisfy(r -> assertThat(r.hasTimestamp()).isFalse());
            assertThat(h.watermark(Long.MAX_VALUE)).as("no event-time timers").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aTimerOfAnEvictedKeyReloadsItsModel(String backend) throws Exception {
        try (ModelHarness<RunningSum> h =
                timers(100, 0)
                        .options(KeyedModelOptions.defaults().withMaxCachedModels(1))
                        .backend(backend(backend))
                        .open()) {
            h.process(new Event("a", 1), 1000);
            h.process(new Event("a", 2), 1001);
            h.process(new Event("b", 10), 1002);
            h.process(new Event("c", 100), 1003);
            assertThat(h.counter("modelEvictions")).isEqualTo(2);
            assertThat(h.gauge("cachedModels")).isEqualTo(1);

            assertThat(h.watermark(1100)).containsExactly("a!e@1100:3:3");
            assertThat(h.counter("modelLoads")).as("a read back from state").isEqualTo(1);
            assertThat(h.watermark(1103))
                    .containsExactly("a!e@1101:4:3", "b!e@1102:2:10", "c!e@1103:2:100");
            assertThat(h.gauge("cachedModels")).isEqualTo(1);
            // the timer's change, made to a reloaded model, was written back when it was evicted
            assertThat(h.process(new Event("a", 4), 1200)).containsExactly("a:5:7");
            assertThat(h.process(new Event("b", 20), 1201)).containsExactly("b:3:30");
        }
    }

    /**
     * Records over three keys at processing times 0 to 8, each registering an event- and a
     * processing-time timer (all at distinct times, so that their firing order is defined).
     */
    private static List<String> feed(ModelHarness<RunningSum> h, long from) throws Exception {
        List<String> out = new ArrayList<>();
        String[] keys = {"a", "b", "c"};
        for (int i = 0; i < 9; i++) {
            h.at(i);
            out.addAll(h.process(new Event(keys[i % 3], i + 1), from + i * 10));
        }
        return out;
    }

    /** Fires every timer: the event-time ones through the watermark, then processing time. */
    private static List<String> fireAll(ModelHarness<RunningSum> h) throws Exception {
        List<String> out = new ArrayList<>(h.watermark(Long.MAX_VALUE));
        h.at(10_000);
        out.addAll(h.drain());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void timersSurviveSnapshotAndRestore(String backend) throws Exception {
        OperatorSubtaskState snapshot;
        List<String> uninterrupted;
        try (ModelHarness<RunningSum> h =
                timers(100, 500)
                        .options(KeyedModelOptions.defaults().withMaxCachedModels(2))
                        .backend(backend(backend))
                        .open()) {
            assertThat(feed(h, 1000)).hasSize(9).endsWith("c:3:18");
            assertThat(h.watermark(1150))
                    .containsExactly(
                            "a!e@1100:4:12",
                            "b!e@1110:4:15",
                            "c!e@1120:4:18",
                            "a!e@1130:5:12",
                            "b!e@1140:5:15",
                            "c!e@1150:5:18");
            snapshot = h.checkpoint(1);
            assertThat(h.harness.numEventTimeTimers()).isEqualTo(3);
            assertThat(h.harness.numProcessingTimeTimers()).isEqualTo(9);
            uninterrupted = fireAll(h);
        }
        assertThat(uninterrupted)
                .containsExactly(
                        "a!e@1160:6:12",
                        "b!e@1170:6:15",
                        "c!e@1180:6:18",
                        "a!p@500:7:12",
                        "b!p@501:7:15",
                        "c!p@502:7:18",
                        "a!p@503:8:12",
                        "b!p@504:8:15",
                        "c!p@505:8:18",
                        "a!p@506:9:12",
                        "b!p@507:9:15",
                        "c!p@508:9:18");

        try (ModelHarness<RunningSum> restored =
                timers(100, 500)
                        .options(KeyedModelOptions.defaults().withMaxCachedModels(2))
                        .backend(backend(backend))
                        .restoreFrom(snapshot)
                        .open()) {
            assertThat(restored.harness.numEventTimeTimers()).isEqualTo(3);
            assertThat(restored.harness.numProcessingTimeTimers()).isEqualTo(9);
            assertThat(fireAll(restored)).isEqualTo(uninterrupted);
            assertThat(restored.counter("modelLoads")).isGreaterThanOrEqualTo(3);
        }
    }
}
