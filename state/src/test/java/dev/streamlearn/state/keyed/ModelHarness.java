package dev.streamlearn.state.keyed;

import dev.streamlearn.state.codec.ModelCodec;
import dev.streamlearn.state.keyed.KeyedModelOperatorTest.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * One subtask of a {@link KeyedModelOperator} over {@link Event}s in Flink's keyed harness, with
 * metric groups the test can read and helpers for both clocks and checkpoints.
 *
 * @param <M> the model type
 */
final class ModelHarness<M> implements AutoCloseable {
    final MockEnvironment env;
    final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    final KeyedOneInputStreamOperatorTestHarness<String, Event, String> harness;
    private int drained;

    private ModelHarness(Builder<M> b) throws Exception {
        env =
                new MockEnvironmentBuilder()
                        .setManagedMemorySize(32L * 1024 * 1024)
                        .setMaxParallelism(b.maxParallelism)
                        .setParallelism(b.parallelism)
                        .setSubtaskIndex(b.subtask)
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
                        new KeyedModelOperator<>(b.function, b.codec, b.options),
                        Event::key,
                        Types.STRING,
                        env);
        harness.setStateBackend(b.backend);
        if (b.restoreFrom != null) {
            harness.initializeState(b.restoreFrom);
        }
        harness.open();
    }

    static <M> Builder<M> of(
            KeyedModelFunction<String, Event, String, M> function, ModelCodec<M> codec) {
        return new Builder<>(function, codec);
    }

    /** Sets the harness's processing time and the state TTL clock to {@code millis}. */
    void at(long millis) throws Exception {
        harness.setStateTtlProcessingTime(millis);
        harness.setProcessingTime(millis);
    }

    /** Processes one event with an event timestamp and returns what it output. */
    List<String> process(Event event, long timestamp) throws Exception {
        harness.processElement(event, timestamp);
        return drain();
    }

    /** Advances the watermark and returns what the timers output. */
    List<String> watermark(long watermark) throws Exception {
        harness.processWatermark(watermark);
        return drain();
    }

    /** The main outputs since the last call. */
    List<String> drain() {
        List<String> all = harness.extractOutputValues();
        List<String> fresh = new ArrayList<>(all.subList(drained, all.size()));
        drained = all.size();
        return fresh;
    }

    /** The main output records (with their timestamps) so far. */
    List<StreamRecord<? extends String>> records() {
        return harness.extractOutputStreamRecords();
    }

    /** What the operator does just before a checkpoint barrier: flush dirty models. */
    void flush(long checkpointId) throws Exception {
        harness.prepareSnapshotPreBarrier(checkpointId);
    }

    OperatorSubtaskState checkpoint(long checkpointId) throws Exception {
        harness.prepareSnapshotPreBarrier(checkpointId);
        return harness.snapshot(checkpointId, checkpointId * 100);
    }

    long gauge(String name) {
        return ((Number) ((Gauge<?>) metrics.get(name)).getValue()).longValue();
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

    /** Options, backend, restored state and subtask of a {@link ModelHarness}. */
    static final class Builder<M> {
        private final KeyedModelFunction<String, Event, String, M> function;
        private final ModelCodec<M> codec;
        private KeyedModelOptions options = KeyedModelOptions.defaults();
        private StateBackend backend = new HashMapStateBackend();
        private OperatorSubtaskState restoreFrom;
        private int maxParallelism = 128;
        private int parallelism = 1;
        private int subtask;

        private Builder(
                KeyedModelFunction<String, Event, String, M> function, ModelCodec<M> codec) {
            this.function = function;
            this.codec = codec;
        }

        Builder<M> options(KeyedModelOptions o) {
            this.options = o;
            return this;
        }

        Builder<M> backend(StateBackend b) {
            this.backend = b;
            return this;
        }

        Builder<M> restoreFrom(OperatorSubtaskState state) {
            this.restoreFrom = state;
            return this;
        }

        /** Subtask {@code index} of {@code p} with max parallelism {@code max}. */
        Builder<M> subtask(int max, int p, int index) {
            this.maxParallelism = max;
            this.parallelism = p;
            this.subtask = index;
            return this;
        }

        ModelHarness<M> open() throws Exception {
            return new ModelHarness<>(this);
        }
    }
}
