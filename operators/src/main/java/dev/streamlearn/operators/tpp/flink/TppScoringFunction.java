package dev.streamlearn.operators.tpp.flink;

import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.connectors.records.TppScore;
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
import org.apache.flink.metrics.MetricGroup;

/**
 * Scores events with the global point-process model: for a batch of events with their histories,
 * one {@link NeuralTpp#forecast} call (histories of equal length batched, no padding), and per
 * event its log-likelihood given the history (event term and compensator), the error of what was
 * expected of it, and the forecast of the entity's next event.
 *
 * <p>Until the first newer snapshot it scores with the config's initial model (its starting model
 * at that model's version, or the untrained one at version 0).
 *
 * <p>Metrics: {@code nllPerEvent} (the last batch's negative log-likelihood per scored event).
 */
public final class TppScoringFunction
        implements GlobalModelFunction<TppQuery, ModelSnapshot, TppScore, NeuralTpp> {
    private static final long serialVersionUID = 1L;
    private static final NeuralTppCodec CODEC = new NeuralTppCodec();

    private final OnlineTppConfig config;
    private final List<String> types;
    private transient volatile double nllPerEvent;

    public TppScoringFunction(OnlineTppConfig config, List<String> types) {
        if (types.size() != config.model().types()) {
            throw new IllegalArgumentException(
                    String.format(
                            "%d event types declared %s but the model has %d",
                            types.size(), types, config.model().types()));
        }
        this.config = config;
        this.types = List.copyOf(types);
    }

    @Override
    public void open(MetricGroup metrics) {
        nllPerEvent = Double.NaN;
        metrics.gauge("nllPerEvent", () -> nllPerEvent);
    }

    @Override
    public NeuralTpp initialModel() {
        return config.initialModel();
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
        return CODEC.decode(snapshot.bytes());
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
