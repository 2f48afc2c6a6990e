package dev.streamlearn.operators.tpp.flink;

import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.operators.tpp.TppQuery;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import dev.streamlearn.operators.tpp.online.OnlineTppLearner;
import dev.streamlearn.state.keyed.KeyedModelFunction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;

/**
 * Trains the global point-process model on windows of the stream and publishes each new version as
 * a {@link ModelSnapshot}. Run it at parallelism 1 on a stream keyed by one constant (the learner
 * is the keyed-model operator's one model: on the heap, written through its codec at checkpoints).
 *
 * <p>A window closes when the watermark passes its end (event-time windows) or when it holds the
 * configured number of events; it is then trained on a copy of the model on a thread of its own, so
 * that the operator keeps taking events (and the scoring keeps using the previous version)
 * meanwhile. The finished training is taken on the task thread (polled by a processing-time timer)
 * and emitted as the next version. A checkpoint holds the learner with its waiting windows, never a
 * half-trained model: after a restore the window is trained again from the same model, into the
 * same next version. At the end of a bounded input every waiting window is trained before the
 * operator finishes.
 *
 * <p>A fresh operator starts from the config's initial model: its starting model when it has one (a
 * model trained offline: the first window trains on it into the version after its own), else the
 * untrained one at version 0. A restored operator goes on with the learner of its checkpoint,
 * whatever the config's starting model, so that versions never go back.
 *
 * <p>Metrics: {@code modelVersion}, {@code windowsTrained}, {@code windowsWaiting}, {@code
 * trainingLagMs} (watermark minus the end of the newest trained window), {@code
 * lastTrainingMillis}, {@code lastTrainingLoss}.
 */
public final class TppTrainingFunction
        implements KeyedModelFunction<String, TppQuery, ModelSnapshot, OnlineTppLearner> {
    private static final long serialVersionUID = 1L;
    private static final NeuralTppCodec CODEC = new NeuralTppCodec();
    private static final long POLL_MILLIS = 100;

    private final OnlineTppConfig config;
    private final String modelName;

    private transient ExecutorService trainer;
    private transient OnlineTppLearner.Job running;
    private transient CompletableFuture<List<Double>> result;
    private transient long started;
    private transient volatile long version;
    private transient volatile long windowsTrained;
    private transient volatile long windowsWaiting;
    private transient volatile long lagMillis;
    private transient volatile long lastTrainingMillis;
    private transient volatile double lastLoss;

    /**
     * @param modelName the name the snapshots carry (the model topic's key)
     */
    public TppTrainingFunction(OnlineTppConfig config, String modelName) {
        this.config = config;
        this.modelName = modelName;
    }

    @Override
    public void open(MetricGroup metrics) {
        trainer =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "tpp-window-trainer");
                            t.setDaemon(true);
                            return t;
                        });
        lastLoss = Double.NaN;
        metrics.gauge("modelVersion", () -> version);
        metrics.gauge("windowsTrained", () -> windowsTrained);
        metrics.gauge("windowsWaiting", () -> windowsWaiting);
        metrics.gauge("trainingLagMs", () -> lagMillis);
        metrics.gauge("lastTrainingMillis", () -> lastTrainingMillis);
        metrics.gauge("lastTrainingLoss", () -> lastLoss);
    }

    @Override
    public OnlineTppLearner createModel(String key) {
        return OnlineTppLearner.create(config);
    }

    @Override
    public void processElement(
            OnlineTppLearner learner, TppQuery q, Context<String, ModelSnapshot> ctx)
            throws Exception {
        if (learner.eventsBuffered() == 0 && learner.windowsTrained() == 0) {
            ctx.registerEventTimeTimer(Long.MAX_VALUE); // the end of a bounded input
        }
        learner.add(q.event().entity(), q.event().ts(), q.event().type());
        if (config.windowMillis() > 0) {
            long w = config.windowMillis();
            ctx.registerEventTimeTimer(Math.floorDiv(q.event().ts(), w) * w + w);
        }
        progress(learner, ctx);
    }

    @Override
    public void onTimer(
            OnlineTppLearner learner,
            long timestamp,
            TimeDomain domain,
            Context<String, ModelSnapshot> ctx)
            throws Exception {
        if (domain == TimeDomain.EVENT_TIME) {
            learner.closeBefore(timestamp == Long.MAX_VALUE ? Long.MAX_VALUE : timestamp);
            if (timestamp == Long.MAX_VALUE) {
                drain(learner, ctx);
                return;
            }
        }
        progress(learner, ctx);
    }

    /** Takes a finished training, starts the next, and polls again while one runs. */
    private void progress(OnlineTppLearner learner, Context<String, ModelSnapshot> ctx)
            throws Exception {
        if (running != null && result.isDone()) {
            publish(learner, ctx, result.get());
        }
        if (running == null) {
            running = learner.nextJob();
            if (running != null) {
                started = System.nanoTime();
                OnlineTppLearner.Job job = running;
                result = CompletableFuture.supplyAsync(job::run, trainer);
            }
        }
        if (running != null) {
            ctx.registerProcessingTimeTimer(ctx.currentProcessingTime() + POLL_MILLIS);
        }
        figures(learner, ctx);
    }

    /** Trains every waiting window before a bounded input ends. */
    private void drain(OnlineTppLearner learner, Context<String, ModelSnapshot> ctx)
            throws Exception {
        do {
            if (running != null) {
                publish(learner, ctx, result.get());
            }
            running = learner.nextJob();
            if (running != null) {
                started = System.nanoTime();
                result = CompletableFuture.completedFuture(running.run());
            }
        } while (running != null);
        figures(learner, ctx);
    }

    private void publish(
            OnlineTppLearner learner, Context<String, ModelSnapshot> ctx, List<Double> losses) {
        OnlineTppLearner.Job job = running;
        running = null;
        long v = learner.accept(job);
        lastTrainingMillis = (System.nanoTime() - started) / 1_000_000;
        lastLoss = losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1);
        ctx.collect(
                new ModelSnapshot(
                        modelName,
                        v,
                        job.windowEnd(),
                        job.events(),
                        CODEC.typeName(),
                        CODEC.encode(learner.model())));
    }

    private void figures(OnlineTppLearner learner, Context<String, ModelSnapshot> ctx) {
        version = learner.version();
        windowsTrained = learner.windowsTrained();
        windowsWaiting = learner.windowsWaiting();
        long wm = ctx.currentWatermark();
        lagMillis =
                learner.trainedUntil() == Long.MIN_VALUE || wm == Long.MIN_VALUE
                        ? 0
                        : Math.max(0, wm - learner.trainedUntil());
    }

    /**
     * Stops the training thread; a window being trained is abandoned (a restore trains it again).
     */
    @Override
    public void close() {
        if (running != null) {
            running.cancel();
        }
        if (trainer != null) {
            trainer.shutdownNow();
        }
    }

    @Override
    public void onUnloaded(String key) {
        if (running != null) {
            result.cancel(false);
            running = null;
        }
    }
}
