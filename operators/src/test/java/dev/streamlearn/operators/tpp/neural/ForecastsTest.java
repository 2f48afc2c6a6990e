package dev.streamlearn.operators.tpp.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.streamlearn.operators.tpp.EntityHistory;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.NextEventForecast;
import dev.streamlearn.operators.tpp.continual.Task;
import dev.streamlearn.operators.tpp.hawkes.HawkesSimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forecasts of histories batched across entities against each history alone, and the newest event's
 * likelihood against the core's own per-event path ({@link NeuralTpp#lastEvent}) and its batched
 * likelihood of whole sequences: a batch must change no number.
 */
class ForecastsTest {
    private static final int HISTORY = 12;

    /** Histories of 1 to {@link #HISTORY} events, rebased like a streaming operator's. */
    private static List<EventSequence> histories(int n) {
        List<EventSequence> seqs = HawkesSimulator.sample(Task.regimeA(), 60, 8, 4);
        List<EventSequence> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            EventSequence s = seqs.get(i % seqs.size());
            int end = 1 + (i * 7) % Math.min(s.size(), 40);
            int start = Math.max(0, end - HISTORY);
            long[] ms = new long[end - start];
            for (int j = start; j < end; j++) {
                ms[j - start] = Math.round(s.times()[j] * 1000);
            }
            out.add(EntityHistory.sequence(ms, Arrays.copyOfRange(s.types(), start, end), 1000));
        }
        return out;
    }

    @Test
    void batchedForecastsEqualEachHistoryAlone() {
        try (NeuralTpp tpp =
                NeuralTpp.create(
                        AttNhpConfig.promptTpp(3, 11), new NeuralTpp.Training(3, 4, 5, 20))) {
            List<EventSequence> hs = histories(40);
            List<NextEventForecast> batched = tpp.forecast(hs);
            for (int i = 0; i < hs.size(); i++) {
                NextEventForecast alone = tpp.forecast(List.of(hs.get(i))).get(0);
                NextEventForecast b = batched.get(i);
                String at = "history " + i + " of " + hs.get(i).size() + " events";
                assertThat(b.nextGap()).as(at).isCloseTo(alone.nextGap(), within(1e-5));
                for (int k = 0; k < 3; k++) {
                    assertThat(b.nextTypes()[k])
                            .as(at)
                            .isCloseTo(alone.nextTypes()[k], within(1e-6));
                }
                if (hs.get(i).size() < 2) {
                    assertThat(b.eventLogIntensity()).isNaN();
                    continue;
                }
                assertThat(b.logLikelihood()).as(at).isCloseTo(alone.logLikelihood(), within(1e-5));
                assertThat(b.previousGap()).as(at).isCloseTo(alone.previousGap(), within(1e-5));
                assertThat(b.previousType()).as(at).isEqualTo(alone.previousType());
                double core = tpp.lastEvent(hs.get(i)).total();
                assertThat(b.logLikelihood())
                        .as(at + " against lastEvent")
                        .isCloseTo(core, within(1e-4));
            }
        }
    }

    @Test
    void typeProbabilitiesSumToOneAndTheGapIsPositive() {
        try (NeuralTpp tpp =
                NeuralTpp.create(AttNhpConfig.attNhp(3, 2), new NeuralTpp.Training(3, 4, 5, 20))) {
            for (NextEventForecast f : tpp.forecast(histories(10))) {
                assertThat(Arrays.stream(f.nextTypes()).sum()).isCloseTo(1, within(1e-9));
                assertThat(f.nextGap()).isPositive();
            }
        }
    }

    @Test
    void theLikelihoodOfEachEventSumsToTheSequencesLikelihood() {
        try (NeuralTpp tpp =
                NeuralTpp.create(
                        AttNhpConfig.promptTpp(3, 3), new NeuralTpp.Training(3, 4, 5, 20))) {
            EventSequence s = HawkesSimulator.sample(Task.regimeA(), 15, 1, 9).get(0);
            List<EventSequence> prefixes = new ArrayList<>();
            for (int n = 2; n <= s.size(); n++) {
                prefixes.add(
                        new EventSequence(
                                Arrays.copyOf(s.times(), n),
                                Arrays.copyOf(s.types(), n),
                                s.times()[n - 1]));
            }
            double sum = 0;
            for (NextEventForecast f : tpp.forecast(prefixes)) {
                sum += f.logLikelihood();
            }
            assertThat(sum).isCloseTo(tpp.logLikelihood(List.of(s)).total(), within(1e-3));
        }
    }

    /**
     * The forecast path encodes the last layers for the newest two positions only; here the same
     * forecasts from the full encoding, two passes as {@code Forecasts} made them before that.
     */
    @Test
    void forecastsEqualTheTwoPassesOnTheFullEncoding() {
        try (NeuralTpp tpp =
                NeuralTpp.create(
                        AttNhpConfig.promptTpp(3, 11), new NeuralTpp.Training(3, 4, 5, 20))) {
            List<EventSequence> hs = new ArrayList<>();
            for (EventSequence h : histories(60)) {
                if (h.size() == HISTORY) {
                    hs.add(h);
                }
            }
            assertThat(hs).hasSizeGreaterThan(3);
            List<NextEventForecast> forecasts = tpp.forecast(hs);
            for (int i = 0; i < hs.size(); i++) {
                double[] full = fullEncodingForecast(tpp, hs.get(i));
                NextEventForecast f = forecasts.get(i);
                String at = "history " + i;
                assertThat(f.logLikelihood()).as(at).isCloseTo(full[0], within(1e-4));
                assertThat(f.previousGap()).as(at).isCloseTo(full[1], within(1e-5));
                assertThat(f.nextGap()).as(at).isCloseTo(full[2], within(1e-5));
                for (int k = 0; k < 3; k++) {
                    assertThat(f.nextTypes()[k]).as(at).isCloseTo(full[3 + k], within(1e-6));
                }
            }
        }
    }

    /**
     * The newest event's log-likelihood (the likelihoods of the history with and without it), the
     * gap expected of it and the next gap and type probabilities, each from its own pass over the
     * full encoding.
     */
    private static double[] fullEncodingForecast(NeuralTpp tpp, EventSequence h) {
        AttNhp model = tpp.model();
        int l = h.size();
        double[] grid = tpp.predictionGrid();
        try (NDManager sub = tpp.manager().newSubManager()) {
            TppBatch b = TppBatch.of(List.of(h), 3, sub, DataType.FLOAT32);
            AttNhp.Encoded enc = model.encode(b);
            NDArray offsets = sub.create(grid).toType(DataType.FLOAT32, false);
            NDArray beforeQueries = b.times().get(new NDIndex(":, {}:{}", l - 2, l - 1));
            NDArray afterQueries = b.times().get(new NDIndex(":, {}:", l - 1));
            float[] before =
                    model.intensities(enc, beforeQueries.expandDims(2).add(offsets), l - 2)
                            .toFloatArray();
            float[] after =
                    model.intensities(enc, afterQueries.expandDims(2).add(offsets), l - 1)
                            .toFloatArray();
            double[] out = new double[6];
            EventSequence older =
                    new EventSequence(
                            Arrays.copyOf(h.times(), l - 1),
                            Arrays.copyOf(h.types(), l - 1),
                            h.times()[l - 2]);
            out[0] =
                    tpp.logLikelihood(List.of(h)).total()
                            - tpp.logLikelihood(List.of(older)).total();
            out[1] = NeuralTpp.NextEvent.of(before, 0, grid, 3).gap();
            out[2] = NeuralTpp.NextEvent.of(after, 0, grid, 3).gap();
            System.arraycopy(Forecasts.typeProbabilities(after, 0, grid, 3), 0, out, 3, 3);
            return out;
        }
    }
}
