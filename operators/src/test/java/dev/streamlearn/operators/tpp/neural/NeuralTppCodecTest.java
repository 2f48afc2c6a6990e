package dev.streamlearn.operators.tpp.neural;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.NextEventForecast;
import dev.streamlearn.operators.tpp.hawkes.Hawkes;
import dev.streamlearn.operators.tpp.hawkes.HawkesSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeuralTppCodecTest {
    private static final AttNhpConfig CONFIG =
            new AttNhpConfig(3, 8, 8, 2, 2, 5, 4, 2, 2, 0.1, 1e-2, 11);
    private static final NeuralTpp.Training TRAINING = new NeuralTpp.Training(2, 4, 5, 10);
    private static final NeuralTppCodec CODEC = new NeuralTppCodec();

    private static List<EventSequence> data() {
        Hawkes a =
                Hawkes.of(
                        new double[] {0.3, 0.2, 0.1},
                        new double[][] {{.3, .1, 0}, {.2, .4, .1}, {0, .3, .3}},
                        1.5);
        return HawkesSimulator.sample(a, 20, 12, 3);
    }

    @Test
    void aRestoredModelTrainsOnExactlyAsTheOriginal() {
        List<EventSequence> data = data();
        try (NeuralTpp original = NeuralTpp.create(CONFIG, TRAINING)) {
            original.trainEpoch(data); // three steps: the pools have learned and been frozen
            byte[] bytes = CODEC.encode(original);
            Map<String, float[]> before = original.model().parameters().values();
            try (NeuralTpp restored = CODEC.decode(bytes)) {
                assertThat(CODEC.encode(restored)).isEqualTo(bytes);
                original.trainEpoch(data);
                restored.trainEpoch(data);
                Map<String, float[]> a = original.model().parameters().values();
                Map<String, float[]> b = restored.model().parameters().values();
                assertThat(b.keySet()).isEqualTo(a.keySet());
                // bit for bit: training is deterministic (with the factors of the attention in
                // memory PyTorch owns, see AttNhp.scaled), and so is a restored model
                a.forEach((name, values) -> assertThat(b.get(name)).as(name).isEqualTo(values));
                // not vacuous: the second epoch moved every kind of parameter, pools included
                assertThat(a.get("0.0.kpool.values")).isNotEqualTo(before.get("0.0.kpool.values"));
                assertThat(a.get("out.w")).isNotEqualTo(before.get("out.w"));
            }
        }
    }

    @Test
    void aCopyOnADeviceHoldsTheSameModelAndForecastsAsItDoes() {
        List<EventSequence> data = data();
        try (NeuralTpp original = NeuralTpp.create(CONFIG, TRAINING)) {
            original.trainEpoch(data);
            try (NeuralTpp copy = original.copy(Device.cpu())) {
                assertThat(copy.device()).isEqualTo(Device.cpu());
                assertThat(CODEC.encode(copy)).isEqualTo(CODEC.encode(original));
                List<NextEventForecast> a = original.forecast(data);
                List<NextEventForecast> b = copy.forecast(data);
                for (int i = 0; i < a.size(); i++) {
                    assertThat(b.get(i).nextTypes()).isEqualTo(a.get(i).nextTypes());
                    assertThat(b.get(i).nextGap()).isEqualTo(a.get(i).nextGap());
                    assertThat(b.get(i).logLikelihood()).isEqualTo(a.get(i).logLikelihood());
                }
            }
        }
    }

    @Test
    void aModelTrainsAndScoresOnAnyThread() throws Exception {
        // PyTorch records gradients by default on threads other than the one that loaded the
        // engine, where in-place updates of the parameters fail: a Flink task is such a thread
        List<EventSequence> data = data();
        try (NeuralTpp tpp = NeuralTpp.create(CONFIG, TRAINING)) {
            tpp.trainEpoch(data);
            Throwable[] failure = new Throwable[1];
            Thread other =
                    new Thread(
                            () -> {
                                try {
                                    tpp.trainEpoch(data);
                                    tpp.logLikelihood(data);
                                    tpp.predict(data);
                                } catch (Throwable e) {
                                    failure[0] = e;
                                }
                            });
            other.start();
            other.join();
            assertThat(failure[0]).isNull();
        }
    }

    @Test
    void aStepWithANonFiniteLossLeavesTheModelAsItWas() {
        try (NeuralTpp clean = NeuralTpp.create(CONFIG, TRAINING)) {
            clean.trainEpoch(data());
            // one output bias of NaN: every loss is NaN, and so would every parameter be after an
            // Adam step that took it
            Map<String, float[]> values = clean.model().parameters().values();
            values.get("out.b")[1] = Float.NaN;
            try (NeuralTpp poisoned =
                    NeuralTpp.restore(CONFIG, TRAINING, values, clean.trainer().state())) {
                Map<String, float[]> before = poisoned.model().parameters().values();
                AttNhpTrainer.State state = poisoned.trainer().state();
                assertThat(poisoned.trainer().step(data().subList(0, 4))).isNaN();
                assertThat(poisoned.skippedSteps()).isEqualTo(1);
                Map<String, float[]> after = poisoned.model().parameters().values();
                before.forEach((name, v) -> assertThat(after.get(name)).as(name).isEqualTo(v));
                assertThat(poisoned.trainer().state().first().get("out.w"))
                        .isEqualTo(state.first().get("out.w"));
            }
            // the clean model trains on with finite figures
            assertThat(clean.trainEpoch(data())).isFinite();
            assertThat(clean.skippedSteps()).isZero();
        }
    }

    @Test
    void theOptimizerStateMatters() {
        // a model restored with fresh Adam moments drifts away from the uninterrupted run
        List<EventSequence> data = data();
        try (NeuralTpp original = NeuralTpp.create(CONFIG, TRAINING)) {
            original.trainEpoch(data);
            AttNhpTrainer.State s = original.trainer().state();
            AttNhpTrainer.State reset =
                    new AttNhpTrainer.State(
                            s.samples(),
                            s.step(),
                            s.generator(),
                            zeros(s.first()),
                            zeros(s.second()),
                            s.counts());
            try (NeuralTpp fresh =
                    NeuralTpp.restore(
                            CONFIG, TRAINING, original.model().parameters().values(), reset)) {
                original.trainEpoch(data);
                fresh.trainEpoch(data);
                assertThat(
                                maxDifference(
                                        fresh.model().parameters().values().get("out.w"),
                                        original.model().parameters().values().get("out.w")))
                        .isGreaterThan(5e-3);
            }
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static Map<String, float[]> zeros(Map<String, float[]> like) {
        Map<String, float[]> z = new java.util.LinkedHashMap<>();
        like.forEach((k, v) -> z.put(k, new float[v.length]));
        return z;
    }

    @Test
    void thePoolsAreTrulyFrozenOnEvenSteps() {
        List<EventSequence> data = data().subList(0, 4);
        try (NeuralTpp tpp = NeuralTpp.create(CONFIG, TRAINING)) {
            tpp.trainer().step(data); // step 1: everything learns
            Map<String, float[]> before = tpp.model().parameters().values();
            AttNhpTrainer.State moments = tpp.trainer().state();
            tpp.trainer().step(data); // step 2: the pools rest
            Map<String, float[]> after = tpp.model().parameters().values();
            AttNhpTrainer.State momentsAfter = tpp.trainer().state();
            for (String name : before.keySet()) {
                if (AttNhpParameters.inPool(name)) {
                    assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
                    assertThat(momentsAfter.first().get(name)).isEqualTo(moments.first().get(name));
                    assertThat(momentsAfter.counts().get(name)).isEqualTo(1L);
                } else {
                    assertThat(after.get(name)).as(name).isNotEqualTo(before.get(name));
                }
            }
            tpp.trainer().step(data); // step 3: they learn again
            assertThat(tpp.model().parameters().values().get("1.1.vpool.values"))
                    .isNotEqualTo(after.get("1.1.vpool.values"));
        }
    }
}
