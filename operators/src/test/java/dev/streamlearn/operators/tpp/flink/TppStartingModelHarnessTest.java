package dev.streamlearn.operators.tpp.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.connectors.records.TppScore;
import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.operators.tpp.EntityHistory;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.NextEventForecast;
import dev.streamlearn.operators.tpp.TppQuery;
import dev.streamlearn.operators.tpp.hawkes.Hawkes;
import dev.streamlearn.operators.tpp.hawkes.HawkesSimulator;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import dev.streamlearn.operators.tpp.online.OnlineTppLearnerCodec;
import dev.streamlearn.operators.tpp.online.StartingModel;
import dev.streamlearn.operators.tpp.online.WindowEvents;
import dev.streamlearn.state.global.GlobalModelOperator;
import dev.streamlearn.state.global.GlobalModelOptions;
import dev.streamlearn.state.keyed.KeyedModelOperator;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job's scoring and training functions, in Flink's harnesses, given a model trained offline:
 * shipped as Flink ships them (serialized), the scoring's first scores are that model's own
 * (computed by the core directly), at its version; the training's first version is that model
 * trained on the first window, one version after it; and a restored training goes on from its
 * checkpoint, not from the starting model.
 */
@SuppressWarnings("try") // the harnesses' close() may throw InterruptedException
class TppStartingModelHarnessTest {
    private static final List<String> TYPES = List.of("a", "b", "c");
    private static final int HISTORY = 8;
    private static final long VERSION = 7;
    private static final NeuralTppCodec CODEC = new NeuralTppCodec();

    private static NeuralTpp offline;
    private static List<TppEvent> events;

    /** A model of the job's shape trained a little on another seed's data; a stream of events. */
    @BeforeAll
    static void trainOffline() {
        offline = OnlineTppConfig.defaults(3, true, 99).initialModel();
        offline.trainEpoch(HawkesSimulator.sample(process(), 20, 12, 3));
        events = new ArrayList<>();
        List<EventSequence> seqs = HawkesSimulator.sample(process(), 15, 12, 4);
        for (int s = 0; s < seqs.size(); s++) {
            EventSequence seq = seqs.get(s);
            for (int i = 0; i < seq.size(); i++) {
                events.add(
                        TppEvent.of(
                                "e" + s,
                                1_000 * s + Math.round(seq.times()[i] * 1000),
                                seq.types()[i]));
            }
        }
        events.sort((x, y) -> Long.compare(x.ts(), y.ts()));
    }

    @AfterAll
    static void close() {
        offline.close();
    }

    private static Hawkes process() {
        return Hawkes.of(
                new double[] {0.3, 0.2, 0.1},
                new double[][] {{.3, .1, 0}, {.2, .4, .1}, {0, .3, .3}},
                1.5);
    }

    private static OnlineTppConfig config(boolean fromOffline) {
        OnlineTppConfig c =
                OnlineTppConfig.defaults(3, true, 1)
                        .withHistoryLength(HISTORY)
                        .withWindow(0, events.size() / 2)
                        .withEpochs(1)
                        .withMaxSequences(40);
        return fromOffline
                ? c.withStartingModel(StartingModel.of(VERSION, CODEC.encode(offline)))
                : c;
    }

    /**
     * Each event with its entity's last {@link #HISTORY} events, as the history operator sends it.
     */
    private static List<TppQuery> queries() {
        Map<String, EntityHistory> histories = new HashMap<>();
        List<TppQuery> out = new ArrayList<>();
        for (TppEvent e : events) {
            EntityHistory h =
                    histories.computeIfAbsent(e.entity(), k -> new EntityHistory(HISTORY));
            h.append(e.ts(), e.type());
            out.add(new TppQuery(e, h.times(), h.types()));
        }
        return out;
    }

    @Test
    void theScoringStartsFromTheModelAtItsVersion() throws Exception {
        List<TppQuery> queries = queries().subList(0, 60);
        List<TppScore> scores = scored(new TppScoringFunction(config(true), TYPES), queries);
        assertThat(scores)
                .hasSameSizeAs(queries)
                .allSatisfy(s -> assertThat(s.version()).isEqualTo(VERSION));
        int differ = 0;
        try (NeuralTpp untrained = config(false).initialModel()) {
            for (int i = 0; i < queries.size(); i++) {
                TppQuery q = queries.get(i);
                EventSequence history = EntityHistory.sequence(q.times(), q.types(), 1000);
                double expected = offline.forecast(List.of(history)).get(0).logLikelihood();
                TppScore s = scores.get(i);
                if (Double.isNaN(expected)) {
                    assertThat(s.scored()).as("event %d: the entity's first", i).isFalse();
                    continue;
                }
                assertThat(s.logLikelihood()).as("event %d", i).isCloseTo(expected, within(1e-5));
                double fresh = untrained.forecast(List.of(history)).get(0).logLikelihood();
                differ += Math.abs(fresh - expected) > 1e-3 ? 1 : 0;
            }
        }
        assertThat(differ).as("scores the untrained model would not give").isGreaterThan(20);
    }

    /**
     * On the device each preference chooses (the CPU on a machine without a GPU, or with the CPU
     * natives), the scores are the core's own, event term and forecast included.
     */
    @ParameterizedTest
    @EnumSource(
            value = DevicePreference.class,
            names = {"CPU", "AUTO"})
    void theScoringOnTheChosenDeviceGivesTheCoresScores(DevicePreference device) throws Exception {
        List<TppQuery> queries = queries().subList(0, 40);
        List<TppScore> scores =
                scored(new TppScoringFunction(config(true), TYPES, device), queries);
        for (int i = 0; i < queries.size(); i++) {
            TppQuery q = queries.get(i);
            EventSequence history = EntityHistory.sequence(q.times(), q.types(), 1000);
            NextEventForecast f = offline.forecast(List.of(history)).get(0);
            TppScore s = scores.get(i);
            String at = "event " + i + " on " + device;
            if (Double.isNaN(f.eventLogIntensity())) {
                assertThat(s.scored()).as(at).isFalse();
            } else {
                assertThat(s.eventLogIntensity())
                        .as(at)
                        .isCloseTo(f.eventLogIntensity(), within(1e-5));
                assertThat(s.compensator()).as(at).isCloseTo(f.compensator(), within(1e-5));
            }
            assertThat(s.nextTypes()).as(at).containsExactly(f.nextTypes(), within(1e-6));
            assertThat(s.nextTs())
                    .as(at)
                    .isEqualTo(q.event().ts() + Math.round(f.nextGap() * 1000));
        }
    }

    /** The scores of {@code queries} by {@code function} in the operator that hosts it. */
    private static List<TppScore> scored(TppScoringFunction function, List<TppQuery> queries)
            throws Exception {
        try (var h =
                new TwoInputStreamOperatorTestHarness<TppQuery, ModelSnapshot, TppScore>(
                        new GlobalModelOperator<>(
                                shipped(function),
                                TypeInformation.of(ModelSnapshot.class),
                                new GlobalModelOptions(16, Duration.ofHours(1))))) {
            h.open();
            for (TppQuery q : queries) {
                h.processElement1(new StreamRecord<>(q, q.event().ts()));
            }
            h.endInput1();
            return h.extractOutputValues();
        }
    }

    @Test
    void theTrainingStartsFromTheModelAndARestoreFromItsCheckpoint() throws Exception {
        List<TppQuery> queries = queries();
        int half = events.size() / 2;
        OperatorSubtaskState checkpoint;
        ModelSnapshot first;
        try (var h = training(config(true), null)) {
            for (TppQuery q : queries.subList(0, half)) {
                h.processElement(new StreamRecord<>(q, q.event().ts()));
            }
            awaitVersions(h, 1);
            first = h.extractOutputValues().get(0);
            h.prepareSnapshotPreBarrier(1);
            checkpoint = h.snapshot(1, 1);
        }
        assertThat(first.version()).as("one after the starting model").isEqualTo(VERSION + 1);
        byte[] expected = trainedOnWindow(offline, queries.subList(0, half));
        assertThat(first.bytes())
                .as("the starting model trained on the window")
                .isEqualTo(expected);

        try (var h = training(config(false), checkpoint)) {
            for (TppQuery q : queries.subList(half, 2 * half)) {
                h.processElement(new StreamRecord<>(q, q.event().ts()));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE)); // trains what waits, then ends
            ModelSnapshot second = h.extractOutputValues().get(0);
            assertThat(second.version())
                    .as("the checkpoint's versions go on")
                    .isEqualTo(VERSION + 2);
            try (NeuralTpp fromCheckpoint = CODEC.decode(first.bytes())) {
                assertThat(second.bytes())
                        .isEqualTo(
                                trainedOnWindow(fromCheckpoint, queries.subList(half, 2 * half)));
            }
        }
    }

    /** A function as a task receives it: through Java serialization, its config and model too. */
    private static <F extends java.io.Serializable> F shipped(F function) throws Exception {
        return InstantiationUtil.clone(function);
    }

    /** The training function in the keyed-model operator, as the job runs it. */
    private static KeyedOneInputStreamOperatorTestHarness<String, TppQuery, ModelSnapshot> training(
            OnlineTppConfig config, OperatorSubtaskState restoreFrom) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedModelOperator<>(
                                shipped(new TppTrainingFunction(config, "tpp")),
                                new OnlineTppLearnerCodec(),
                                KeyedModelOptions.defaults().withMaxCachedModels(1)),
                        (TppQuery q) -> "tpp",
                        Types.STRING);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    /** Advances processing time (the trainer's poll) until {@code n} versions came out. */
    private static void awaitVersions(
            KeyedOneInputStreamOperatorTestHarness<String, TppQuery, ModelSnapshot> h, int n) {
        long[] now = {0};
        await(n + " versions published")
                .atMost(Duration.ofMinutes(2))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> {
                            now[0] += 100;
                            h.setProcessingTime(now[0]);
                            return h.extractOutputValues().size() >= n;
                        });
    }

    /** What the core makes of {@code model} trained for one epoch on a window of events. */
    private static byte[] trainedOnWindow(NeuralTpp model, List<TppQuery> window) {
        WindowEvents w = new WindowEvents();
        window.forEach(q -> w.add(q.event().entity(), q.event().ts(), q.event().type()));
        try (NeuralTpp copy = model.copy()) {
            copy.trainEpoch(w.sequences(HISTORY, 1000, 40));
            return CODEC.encode(copy);
        }
    }
}
