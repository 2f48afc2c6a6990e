package dev.streamlearn.state.global;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Serves one global model (learned from all keys, used by every subtask) that arrives as a stream
 * of versioned snapshots: Flink's broadcast-state pattern, with the records scored in batches. The
 * snapshots are broadcast to every subtask, each keeps the newest in broadcast state (so a restore
 * brings back the version in use, on every subtask, at any parallelism) and decodes it once; an
 * older or equal version is ignored. Until the first snapshot, the function's initial model serves
 * (of version 0, or of the version of a model the job was started from); a restore brings back the
 * snapshot in broadcast state instead.
 *
 * <p>Records wait in a batch of up to {@code batchSize}, at most {@code maxWait} of processing
 * time; the batch is also scored before a new version is taken (records that came before a snapshot
 * are scored by the previous version), before a watermark is passed on, before each checkpoint
 * barrier (so no record waits across a checkpoint: exactly-once needs no buffer state), and at the
 * end of input. Each output carries its record's timestamp. The snapshot stream carries no event
 * time: the operator's watermark is that of the records.
 *
 * <p>Metrics: {@code modelVersion}, {@code lastBatchSize} (gauges), {@code modelSwitches}, {@code
 * staleSnapshots} (counters).
 *
 * <pre>{@code
 * DataStream<TppScore> scores = GlobalModelOperator.apply(
 *         queries, snapshots, "tpp-score", new TppScoringFunction(config, types),
 *         TypeInformation.of(ModelSnapshot.class), TypeInformation.of(TppScore.class),
 *         GlobalModelOptions.defaults());
 * }</pre>
 */
public final class GlobalModelOperator<IN, S, OUT, M> extends AbstractStreamOperator<OUT>
        implements TwoInputStreamOperator<IN, S, OUT>, BoundedMultiInput, ProcessingTimeCallback {
    private static final long serialVersionUID = 1L;

    /** The name of the broadcast state that holds the newest snapshot. */
    public static final String STATE_NAME = "global-model";

    private static final String CURRENT = "current";

    private final GlobalModelFunction<IN, S, OUT, M> function;
    private final TypeInformation<S> snapshotType;
    private final GlobalModelOptions options;

    private transient BroadcastState<String, S> snapshots;
    private transient M model;
    private transient long version;
    private transient List<IN> batch;
    private transient List<Long> timestamps;
    private transient boolean timerSet;
    private transient int lastBatchSize;
    private transient Counter switches;
    private transient Counter stale;

    public GlobalModelOperator(
            GlobalModelFunction<IN, S, OUT, M> function,
            TypeInformation<S> snapshotType,
            GlobalModelOptions options) {
        this.function = function;
        this.snapshotType = snapshotType;
        this.options = options;
    }

    /**
     * Connects {@code records} with the broadcast {@code snapshots} through the operator, named and
     * uid'd {@code uid}.
     */
    public static <IN, S, OUT, M> SingleOutputStreamOperator<OUT> apply(
            DataStream<IN> records,
            DataStream<S> snapshots,
            String uid,
            GlobalModelFunction<IN, S, OUT, M> function,
            TypeInformation<S> snapshotType,
            TypeInformation<OUT> outType,
            GlobalModelOptions options) {
        return records.connect(snapshots.broadcast())
                .transform(uid, outType, new GlobalModelOperator<>(function, snapshotType, options))
                .uid(uid);
    }

    /** The broadcast state's descriptor: the newest snapshot under one key. */
    public static <S> MapStateDescriptor<String, S> stateDescriptor(TypeInformation<S> type) {
        return new MapStateDescriptor<>(STATE_NAME, BasicTypeInfo.STRING_TYPE_INFO, type);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        snapshots =
                context.getOperatorStateStore().getBroadcastState(stateDescriptor(snapshotType));
    }

    @Override
    public void open() throws Exception {
        super.open();
        batch = new ArrayList<>(options.batchSize());
        timestamps = new ArrayList<>(options.batchSize());
        function.open(getRuntimeContext());
        S restored = snapshots.get(CURRENT);
        model = restored == null ? function.initialModel() : function.load(restored);
        version = restored == null ? function.initialVersion() : function.version(restored);
        MetricGroup metrics = getMetricGroup();
        metrics.gauge("modelVersion", () -> version);
        metrics.gauge("lastBatchSize", () -> lastBatchSize);
        switches = metrics.counter("modelSwitches");
        stale = metrics.counter("staleSnapshots");
    }

    @Override
    public void processElement1(StreamRecord<IN> element) throws Exception {
        batch.add(element.getValue());
        timestamps.add(element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE);
        if (batch.size() >= options.batchSize()) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + options.maxWait().toMillis(), this);
        }
    }

    @Override
    public void processElement2(StreamRecord<S> element) throws Exception {
        S snapshot = element.getValue();
        long v = function.version(snapshot);
        if (v <= version) {
            stale.inc();
            return;
        }
        flush();
        M next = function.load(snapshot);
        function.release(model);
        model = next;
        version = v;
        snapshots.put(CURRENT, snapshot);
        switches.inc();
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        timerSet = false;
        flush();
    }

    /** Scores the waiting records with the current model and emits their outputs. */
    private void flush() throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        List<OUT> outs = function.apply(model, version, batch);
        if (outs.size() != batch.size()) {
            throw new IllegalStateException(
                    String.format(
                            "the model function gave %d outputs for %d records; it must give one"
                                    + " per record",
                            outs.size(), batch.size()));
        }
        for (int i = 0; i < outs.size(); i++) {
            long ts = timestamps.get(i);
            output.collect(
                    ts == Long.MIN_VALUE
                            ? new StreamRecord<>(outs.get(i))
                            : new StreamRecord<>(outs.get(i), ts));
        }
        lastBatchSize = batch.size();
        batch.clear();
        timestamps.clear();
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    /** The snapshots carry no event time: their watermarks do not hold the records' back. */
    @Override
    public void processWatermark2(Watermark mark) {}

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) {
            flush();
        }
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (model != null) {
            function.release(model);
            model = null;
        }
        super.close();
    }

    /** The version in use (tests). */
    long version() {
        return version;
    }
}
