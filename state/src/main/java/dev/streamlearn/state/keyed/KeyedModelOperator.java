package dev.streamlearn.state.keyed;

import dev.streamlearn.state.codec.ModelCodec;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Holds one model per key on the heap and writes to keyed state (RocksDB in every job) only the
 * models of keys that changed since the last checkpoint, just before the checkpoint barrier. After
 * a restore, models are read back lazily on the first record of their key. The heap holds at most
 * {@code maxCachedModels}; the least recently used model is written back and dropped when more are
 * needed.
 *
 * <p>Storing a model in {@code ValueState<Model>} directly would (de)serialize it on every record
 * (about 100 times slower for a MOA Hoeffding tree); this operator does it once per checkpoint per
 * changed key.
 *
 * <pre>{@code
 * DataStream<Prediction> out = KeyedModelOperator.apply(
 *         instances.keyBy(Instance::stream), "prequential-learner",
 *         new PrequentialFunction(...), new MoaLearnerCodec<>(Learner.class),
 *         TypeInformation.of(Prediction.class), 10_000);
 * }</pre>
 */
public final class KeyedModelOperator<K, IN, OUT, M> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** The name of the keyed state that holds each key's encoded model. */
    public static final String STATE_NAME = "model";

    private final KeyedModelFunction<K, IN, OUT, M> function;
    private final ModelCodec<M> codec;
    private final int maxCachedModels;

    private transient ValueState<byte[]> modelState;
    private transient LinkedHashMap<K, M> cache;
    private transient Set<K> dirty;
    private transient ContextImpl context;
    private transient Counter loads;
    private transient Counter evictions;
    private transient long lastFlushedKeys;
    private transient long lastFlushMillis;

    public KeyedModelOperator(
            KeyedModelFunction<K, IN, OUT, M> function, ModelCodec<M> codec, int maxCachedModels) {
        if (maxCachedModels < 1) {
            throw new IllegalArgumentException(
                    "maxCachedModels must be at least 1, got " + maxCachedModels);
        }
        this.function = function;
        this.codec = codec;
        this.maxCachedModels = maxCachedModels;
    }

    /** Adds the operator to a keyed stream, with {@code uid} as its name and uid. */
    public static <K, IN, OUT, M> SingleOutputStreamOperator<OUT> apply(
            KeyedStream<IN, K> input,
            String uid,
            KeyedModelFunction<K, IN, OUT, M> function,
            ModelCodec<M> codec,
            TypeInformation<OUT> outType,
            int maxCachedModels) {
        return input.transform(
                        uid, outType, new KeyedModelOperator<>(function, codec, maxCachedModels))
                .uid(uid);
    }

    @Override
    public void open() throws Exception {
        super.open();
        modelState =
                getPartitionedState(
                        new ValueStateDescriptor<>(
                                STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        cache = new LinkedHashMap<>(16, 0.75f, true);
        dirty = new HashSet<>();
        context = new ContextImpl();
        var metrics = getMetricGroup();
        loads = metrics.counter("modelLoads");
        evictions = metrics.counter("modelEvictions");
        metrics.gauge("cachedModels", () -> cache.size());
        metrics.gauge("lastFlushedKeys", () -> lastFlushedKeys);
        metrics.gauge("lastFlushMillis", () -> lastFlushMillis);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(StreamRecord<IN> element) throws Exception {
        K key = (K) getCurrentKey();
        M model = lookup(key);
        context.element = element;
        context.key = key;
        function.processElement(model, element.getValue(), context);
        dirty.add(key);
    }

    private M lookup(K key) throws Exception {
        M model = cache.get(key);
        if (model != null) {
            return model;
        }
        byte[] stored = modelState.value();
        model = stored == null ? function.createModel(key) : codec.decode(stored);
        if (stored != null) {
            loads.inc();
        }
        cache.put(key, model);
        if (cache.size() > maxCachedModels) {
            evictEldest(key);
        }
        return model;
    }

    private void evictEldest(K current) throws Exception {
        Iterator<Map.Entry<K, M>> it = cache.entrySet().iterator();
        Map.Entry<K, M> eldest = it.next();
        if (eldest.getKey().equals(current)) {
            return;
        }
        if (dirty.remove(eldest.getKey())) {
            setCurrentKey(eldest.getKey());
            modelState.update(codec.encode(eldest.getValue()));
            setCurrentKey(current);
        }
        it.remove();
        evictions.inc();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        long start = System.nanoTime();
        for (K key : dirty) {
            setCurrentKey(key);
            modelState.update(codec.encode(cache.get(key)));
        }
        lastFlushedKeys = dirty.size();
        lastFlushMillis = (System.nanoTime() - start) / 1_000_000;
        dirty.clear();
    }

    private final class ContextImpl implements KeyedModelFunction.Context<K, OUT> {
        private StreamRecord<IN> element;
        private K key;

        @Override
        public K key() {
            return key;
        }

        @Override
        public long timestamp() {
            return element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE;
        }

        @Override
        public void collect(OUT value) {
            output.collect(stamped(value));
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            output.collect(tag, stamped(value));
        }

        private <X> StreamRecord<X> stamped(X value) {
            return element.hasTimestamp()
                    ? new StreamRecord<>(value, element.getTimestamp())
                    : new StreamRecord<>(value);
        }
    }
}
