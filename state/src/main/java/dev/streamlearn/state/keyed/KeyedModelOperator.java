package dev.streamlearn.state.keyed;

import dev.streamlearn.state.codec.ModelCodec;
import dev.streamlearn.state.codec.ModelTypeSerializer;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Holds one model per key on the heap and writes to keyed state (RocksDB in every job), through the
 * model's versioned codec, only the models of keys that changed since the last checkpoint, just
 * before the checkpoint barrier. After a restore, models are read back lazily on their key's first
 * record or timer. The heap cache is bounded by a model count and, optionally, by estimated bytes:
 * the least recently used model is written back and dropped. With an idle timeout, a key unused
 * that long is dropped from the cache and expires from the state (state TTL).
 *
 * <p>Storing a model in {@code ValueState} and reading it on every record would (de)serialize it on
 * every record (about 100 times slower for a MOA Hoeffding tree, see {@code streamlearn bench
 * state}); this operator does it once per checkpoint per changed key.
 *
 * <p>Metrics: {@code cachedModels}, {@code cachedBytes}, {@code lastFlushedKeys}, {@code
 * lastFlushMillis} (gauges), {@code modelLoads}, {@code modelEvictions}, {@code modelExpirations}
 * (counters).
 *
 * <pre>{@code
 * DataStream<Prediction> out = KeyedModelOperator.apply(
 *         instances.keyBy(Instance::stream), "prequential-learner",
 *         new PrequentialFunction(config, schemas), new PrequentialLearnerCodec(),
 *         TypeInformation.of(Prediction.class), KeyedModelOptions.defaults());
 * }</pre>
 *
 * @param <K> the key type
 * @param <IN> the input type
 * @param <OUT> the main output type
 * @param <M> the model type
 */
public final class KeyedModelOperator<K, IN, OUT, M> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT>, Triggerable<K, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /** The name of the keyed state that holds each key's model. */
    public static final String STATE_NAME = "model";

    private final KeyedModelFunction<K, IN, OUT, M> function;
    private final ModelCodec<M> codec;
    private final KeyedModelOptions options;

    private transient ValueState<M> modelState;
    private transient LinkedHashMap<K, Cached<K, M>> cache;

    /**
     * Models changed since the last checkpoint, in the order they first changed; exactly those with
     * {@link Cached#dirty} set, which spares a map update on every record.
     */
    private transient LinkedHashMap<K, Cached<K, M>> dirty;

    private transient InternalTimerService<VoidNamespace> timers;
    private transient ContextImpl context;
    private transient Counter loads;
    private transient Counter evictions;
    private transient Counter expirations;
    private transient boolean safeToReuse;
    private transient TypeSerializer<K> keySerializer;
    private transient ModelTypeSerializer<M> serializer;
    private transient long cachedBytes;
    private transient long lastFlushedKeys;
    private transient long lastFlushMillis;

    /** A cached model with its bookkeeping. */
    private static final class Cached<K, M> {
        final K key;
        final M model;
        long lastAccess;
        long bytes;
        boolean dirty;

        Cached(K key, M model, long now) {
            this.key = key;
            this.model = model;
            this.lastAccess = now;
        }
    }

    public KeyedModelOperator(
            KeyedModelFunction<K, IN, OUT, M> function,
            ModelCodec<M> codec,
            KeyedModelOptions options) {
        this.function = function;
        this.codec = codec;
        this.options = options;
    }

    public KeyedModelOperator(
            KeyedModelFunction<K, IN, OUT, M> function, ModelCodec<M> codec, int maxCachedModels) {
        this(function, codec, KeyedModelOptions.defaults().withMaxCachedModels(maxCachedModels));
    }

    /** Adds the operator to a keyed stream, with {@code uid} as its name and uid. */
    public static <K, IN, OUT, M> SingleOutputStreamOperator<OUT> apply(
            KeyedStream<IN, K> input,
            String uid,
            KeyedModelFunction<K, IN, OUT, M> function,
            ModelCodec<M> codec,
            TypeInformation<OUT> outType,
            KeyedModelOptions options) {
        return input.transform(uid, outType, new KeyedModelOperator<>(function, codec, options))
                .uid(uid);
    }

    /** The same with only a bound on the number of cached models. */
    public static <K, IN, OUT, M> SingleOutputStreamOperator<OUT> apply(
            KeyedStream<IN, K> input,
            String uid,
            KeyedModelFunction<K, IN, OUT, M> function,
            ModelCodec<M> codec,
            TypeInformation<OUT> outType,
            int maxCachedModels) {
        return apply(
                input,
                uid,
                function,
                codec,
                outType,
                KeyedModelOptions.defaults().withMaxCachedModels(maxCachedModels));
    }

    /**
     * Time to live of models that never expire: TTL is always on, so that turning an idle timeout
     * on or off later does not change the state's serializer.
     */
    static final Duration NO_EXPIRY = Duration.ofDays(365L * 100);

    /**
     * The state descriptor of the models: the codec's serializer with TTL (the idle timeout, or
     * practically none).
     */
    public static <M> ValueStateDescriptor<M> stateDescriptor(
            ModelCodec<M> codec, Duration idleTimeout) {
        ValueStateDescriptor<M> descriptor =
                new ValueStateDescriptor<>(STATE_NAME, new ModelTypeSerializer<>(codec));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(idleTimeout != null ? idleTimeout : NO_EXPIRY)
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        return descriptor;
    }

    @Override
    public void open() throws Exception {
        super.open();
        modelState = getPartitionedState(stateDescriptor(codec, options.idleTimeout()));
        cache = new LinkedHashMap<>(16, 0.75f, true);
        dirty = new LinkedHashMap<>();
        KeyedStateBackend<K> backend = getKeyedStateBackend();
        safeToReuse = backend.isSafeToReuseKVState();
        keySerializer = backend.getKeySerializer();
        serializer = new ModelTypeSerializer<>(codec);
        timers = getInternalTimerService("model-timers", VoidNamespaceSerializer.INSTANCE, this);
        context = new ContextImpl();
        MetricGroup metrics = getMetricGroup();
        loads = metrics.counter("modelLoads");
        evictions = metrics.counter("modelEvictions");
        expirations = metrics.counter("modelExpirations");
        metrics.gauge("cachedModels", () -> cache.size());
        metrics.gauge("cachedBytes", () -> cachedBytes);
        metrics.gauge("lastFlushedKeys", () -> lastFlushedKeys);
        metrics.gauge("lastFlushMillis", () -> lastFlushMillis);
        function.open(metrics);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(StreamRecord<IN> element) throws Exception {
        K key = (K) getCurrentKey();
        Cached<K, M> cached = lookup(key);
        context.set(cached.key, element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE);
        function.processElement(cached.model, element.getValue(), context);
        markDirty(cached);
    }

    @Override
    public void onEventTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
        fire(timer, TimeDomain.EVENT_TIME, timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
        fire(timer, TimeDomain.PROCESSING_TIME, Long.MIN_VALUE);
    }

    private void fire(InternalTimer<K, VoidNamespace> timer, TimeDomain domain, long timestamp)
            throws Exception {
        Cached<K, M> cached = lookup(timer.getKey());
        context.set(cached.key, timestamp);
        function.onTimer(cached.model, timer.getTimestamp(), domain, context);
        markDirty(cached);
    }

    private void markDirty(Cached<K, M> cached) {
        if (!cached.dirty) {
            cached.dirty = true;
            dirty.put(cached.key, cached);
        }
    }

    private Cached<K, M> lookup(K key) throws Exception {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        // first, so that a key idle past the timeout, this one included, starts afresh
        expireIdle(now, key);
        Cached<K, M> cached = cache.get(key);
        if (cached == null) {
            M stored = modelState.value();
            if (stored != null) {
                loads.inc();
            }
            // a copy: with object reuse a deserializer may hand the same key object over again
            K owned = keySerializer.copy(key);
            cached =
                    new Cached<>(owned, stored != null ? stored : function.createModel(owned), now);
            cache.put(owned, cached);
            evictOverflow(owned);
        }
        cached.lastAccess = now;
        return cached;
    }

    /**
     * Drops models idle past the timeout; the eldest entries are the least recently used. An idle
     * model is cleared from the state, not written back: a write would renew its TTL and bring the
     * model back on the key's next record.
     */
    private void expireIdle(long now, K current) throws Exception {
        if (options.idleTimeout() == null) {
            return;
        }
        long timeout = options.idleTimeout().toMillis();
        Iterator<Map.Entry<K, Cached<K, M>>> it = cache.entrySet().iterator();
        boolean switchedKey = false;
        while (it.hasNext()) {
            Map.Entry<K, Cached<K, M>> eldest = it.next();
            if (now - eldest.getValue().lastAccess < timeout) {
                break;
            }
            if (eldest.getValue().dirty) {
                eldest.getValue().dirty = false;
                dirty.remove(eldest.getKey());
            }
            setCurrentKey(eldest.getKey());
            modelState.clear();
            switchedKey = true;
            cachedBytes -= eldest.getValue().bytes;
            it.remove();
            expirations.inc();
            function.onUnloaded(eldest.getKey());
        }
        if (switchedKey && current != null) {
            setCurrentKey(current);
        }
    }

    private void evictOverflow(K current) throws Exception {
        Iterator<Map.Entry<K, Cached<K, M>>> it = cache.entrySet().iterator();
        while ((cache.size() > options.maxCachedModels() || cachedBytes > options.maxCachedBytes())
                && it.hasNext()) {
            Map.Entry<K, Cached<K, M>> eldest = it.next();
            if (eldest.getKey().equals(current)) {
                return;
            }
            writeBackIfDirty(eldest.getKey(), eldest.getValue(), current);
            cachedBytes -= eldest.getValue().bytes;
            it.remove();
            evictions.inc();
            function.onUnloaded(eldest.getKey());
        }
    }

    private void writeBackIfDirty(K key, Cached<K, M> cached, K current) throws Exception {
        if (cached.dirty) {
            cached.dirty = false;
            dirty.remove(key);
            setCurrentKey(key);
            store(cached.model);
            if (current != null) {
                setCurrentKey(current);
            }
        }
    }

    /**
     * Writes a model to state. RocksDB serializes it at once; the heap backend would keep the
     * reference and snapshot it asynchronously while the model goes on learning, so it gets a copy.
     */
    private void store(M model) throws Exception {
        modelState.update(safeToReuse ? model : serializer.copy(model));
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        long start = System.nanoTime();
        expireIdle(getProcessingTimeService().getCurrentProcessingTime(), null);
        for (Cached<K, M> cached : dirty.values()) {
            cached.dirty = false;
            setCurrentKey(cached.key);
            store(cached.model);
            if (options.tracksBytes()) {
                long bytes = function.estimatedBytes(cached.model);
                cachedBytes += bytes - cached.bytes;
                cached.bytes = bytes;
            }
        }
        lastFlushedKeys = dirty.size();
        lastFlushMillis = (System.nanoTime() - start) / 1_000_000;
        dirty.clear();
        if (options.tracksBytes()) {
            // Estimates change only here, and keys that stay cached never miss: enforce the byte
            // bound now. Every model is clean, so the evicted ones are dropped without a write.
            evictOverflow(null);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            function.close();
        } finally {
            super.close();
        }
    }

    private final class ContextImpl implements KeyedModelFunction.Context<K, OUT> {
        private K key;
        private long timestamp;

        void set(K k, long ts) {
            this.key = k;
            this.timestamp = ts;
        }

        @Override
        public K key() {
            return key;
        }

        @Override
        public long timestamp() {
            return timestamp;
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public long currentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public void registerEventTimeTimer(long time) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, time);
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
            return timestamp != Long.MIN_VALUE
                    ? new StreamRecord<>(value, timestamp)
                    : new StreamRecord<>(value);
        }
    }
}
