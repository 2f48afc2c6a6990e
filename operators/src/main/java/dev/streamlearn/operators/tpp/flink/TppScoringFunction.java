package dev.streamlearn.operators.tpp.flink;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.connectors.records.TppScore;
import dev.streamlearn.gpu.DeviceChoice;
import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.gpu.flink.TaskManagerGpus;
import dev.streamlearn.operators.tpp.EntityHistory;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.NextEventForecast;
import dev.streamlearn.operators.tpp.TppQuery;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import dev.streamlearn.state.global.GlobalModelFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores events with the global point-process model: for a batch of events with their histories,
 * one {@link NeuralTpp#forecast} call (histories of equal length batched, no padding), and per
 * event its log-likelihood given the history (event term and compensator), the error of what was
 * expected of it, and the forecast of the entity's next event.
 *
 * <p>Until the first newer snapshot it scores with the config's initial model (its starting model
 * at that model's version, or the untrained one at version 0).
 *
 * <p>The models run where the {@link DevicePreference} and the TaskManager say, as {@code run
 * score}'s do ({@link TaskManagerGpus#choose}): on the GPU the TaskManager offers through its
 * {@code gpu} external resource when the preference allows a GPU and the engine sees it, else on
 * the CPU, with one log line per subtask that says which and why. Each model is moved there when it
 * is made or loaded from a snapshot.
 *
 * <p>Metrics: {@code nllPerEvent} (the last batch's negative log-likelihood per scored event) and
 * {@code device}.
 */
public final class TppScoringFunction
        implements GlobalModelFunction<TppQuery, ModelSnapshot, TppScore, NeuralTpp> {
    private static final long serialVersionUID = 1L;
    private static final NeuralTppCodec CODEC = new NeuralTppCodec();

    private static final Logger LOG = LoggerFactory.getLogger(TppScoringFunction.class);

    private final OnlineTppConfig config;
    private final List<String> types;
    private final DevicePreference device;
    private transient volatile double nllPerEvent;
    private transient Device chosen;

    /** Scoring on the device {@link DevicePreference#AUTO} picks. */
    public TppScoringFunction(OnlineTppConfig config, List<String> types) {
        this(config, types, DevicePreference.AUTO);
    }

    public TppScoringFunction(OnlineTppConfig config, List<String> types, DevicePreference device) {
        if (types.size() != config.model().types()) {
            throw new IllegalArgumentException(
                    String.format(
                            "%d event types declared %s but the model has %d",
                            types.size(), types, config.model().types()));
        }
        this.config = config;
        this.types = List.copyOf(types);
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public void open(RuntimeContext context) {
        TaskInfo task = context.getTaskInfo();
        DeviceChoice choice =
                TaskManagerGpus.choose(
                        device,
                        Engine.getEngine(NeuralTpp.ENGINE),
                        context.getExternalResourceInfos(TaskManagerGpus.RESOURCE),
                        task.getIndexOfThisSubtask());
        chosen = choice.device();
        LOG.info(
                "point-process scoring {} runs on {}: {}",
                task.getTaskNameWithSubtasks(),
                chosen,
                choice.reason());
        nllPerEvent = Double.NaN;
        MetricGroup metrics = context.getMetricGroup();
        metrics.gauge("nllPerEvent", () -> nllPerEvent);
        metrics.gauge("device", chosen::toString);
    }

    @Override
    public NeuralTpp initialModel() {
        return onChosenDevice(config.initialModel());
    }

    @Override
    public long initialVersion() {
        return config.initialVersion();
    }

    @Override
    public long version(ModelSnapshot snapshot) {
        return snapshot.version();
    }

    @Override
    public NeuralTpp load(ModelSnapshot snapshot) {
        return onChosenDevice(CODEC.decode(snapshot.bytes()));
    }

    /** {@code model} itself when it is on the chosen device, else a copy there (and it closed). */
    private NeuralTpp onChosenDevice(NeuralTpp model) {
        if (chosen == null) {
            model.close();
            throw new IllegalStateException("open() chooses the device before any model is made");
        }
        if (model.device().equals(chosen)) {
            return model;
        }
        try (model) {
            return model.copy(chosen);
        }
    }

    @Override
    public void release(NeuralTpp model) {
        model.close();
    }

    @Override
    public List<TppScore> apply(NeuralTpp model, long version, List<TppQuery> batch) {
        List<EventSequence> histories = new ArrayList<>(batch.size());
        for (TppQuery q : batch) {
            histories.add(EntityHistory.sequence(q.times(), q.types(), config.unitMillis()));
        }
        List<NextEventForecast> forecasts = model.forecast(histories);
        List<TppScore> out = new ArrayList<>(batch.size());
        double nll = 0;
        int scored = 0;
        for (int i = 0; i < batch.size(); i++) {
            TppScore s = score(batch.get(i), histories.get(i), forecasts.get(i), version);
            if (s.scored()) {
                nll -= s.logLikelihood();
                scored++;
            }
            out.add(s);
        }
        if (scored > 0) {
            nllPerEvent = nll / scored;
        }
        return out;
    }

    private TppScore score(TppQuery q, EventSequence h, NextEventForecast f, long version) {
        int n = h.size();
        double gapError = n < 2 ? Double.NaN : f.previousGap() - h.gap(n - 1);
        return new TppScore(
                q.event().entity(),
                q.event().ts(),
                types.get(q.event().type()),
                f.eventLogIntensity(),
                f.compensator(),
                q.event().ts() + Math.round(f.nextGap() * config.unitMillis()),
                f.nextTypes(),
                gapError,
                n >= 2 && f.previousType() == q.event().type(),
                q.event().truthLogLikelihood(),
                version);
    }
}
