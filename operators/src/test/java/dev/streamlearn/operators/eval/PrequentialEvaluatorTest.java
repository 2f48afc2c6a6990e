package dev.streamlearn.operators.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.ModelCodecs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PrequentialEvaluatorTest {

    private static void addAll(PrequentialEvaluator eval, int predicted, int actual, int times) {
        for (int i = 0; i < times; i++) {
            eval.add(predicted, actual);
        }
    }

    @Test
    void isZeroBeforeAnyInstance() {
        PrequentialEvaluator eval = new PrequentialEvaluator(2, 10);
        assertThat(eval.count()).isZero();
        assertThat(eval.accuracy()).isZero();
        assertThat(eval.windowAccuracy()).isZero();
        assertThat(eval.kappa()).isZero();
    }

    @Test
    void countsAccuracy() {
        PrequentialEvaluator eval = new PrequentialEvaluator(2, 100);
        eval.add(0, 0);
        eval.add(1, 0);
        eval.add(1, 1);
        eval.add(1, 1);
        assertThat(eval.count()).isEqualTo(4);
        assertThat(eval.accuracy()).isEqualTo(0.75);
        assertThat(eval.windowAccuracy()).isEqualTo(0.75);
    }

    @Test
    void windowAccuracyCoversTheLastThree() {
        PrequentialEvaluator eval = new PrequentialEvaluator(2, 3);
        // hits:  T    F    T    T    F    F    F    T
        int[][] seq = {{0, 0}, {1, 0}, {1, 1}, {0, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 1}};
        // window of the last 3 after each instance: T | TF | TFT | FTT | TTF | TFF | FFF | FFT
        double[] expected = {1, 1 / 2.0, 2 / 3.0, 2 / 3.0, 2 / 3.0, 1 / 3.0, 0, 1 / 3.0};
        for (int i = 0; i < seq.length; i++) {
            eval.add(seq[i][0], seq[i][1]);
            assertThat(eval.windowAccuracy()).as("after %d", i + 1).isEqualTo(expected[i]);
        }
        assertThat(eval.accuracy()).isEqualTo(4 / 8.0);
    }

    @Test
    void kappaOfATwoClassConfusionMatrix() {
        // rows actual, columns predicted:  [4 1]
        //                                   [2 3]   n = 10
        // p0 = (4 + 3) / 10 = 0.7
        // predicted marginals 6, 4; actual marginals 5, 5
        // pc = 0.6 * 0.5 + 0.4 * 0.5 = 0.5
        // kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
        PrequentialEvaluator eval = new PrequentialEvaluator(2, 5);
        addAll(eval, 0, 0, 4);
        addAll(eval, 1, 0, 1);
        addAll(eval, 0, 1, 2);
        addAll(eval, 1, 1, 3);
        assertThat(eval.accuracy()).isCloseTo(0.7, within(1e-12));
        assertThat(eval.kappa()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void kappaOfAThreeClassConfusionMatrix() {
        // rows actual, columns predicted:  [5 1 0]
        //                                   [2 3 1]
        //                                   [0 1 7]   n = 20
        // p0 = (5 + 3 + 7) / 20 = 0.75
        // actual marginals 6, 6, 8; predicted marginals 7, 5, 8
        // pc = (6*7 + 6*5 + 8*8) / 20^2 = 136 / 400 = 0.34
        // kappa = (0.75 - 0.34) / (1 - 0.34) = 0.41 / 0.66 = 41/66 = 0.621212...
        PrequentialEvaluator eval = new PrequentialEvaluator(3, 4);
        int[][] confusion = {{5, 1, 0}, {2, 3, 1}, {0, 1, 7}};
        for (int actual = 0; actual < 3; actual++) {
            for (int predicted = 0; predicted < 3; predicted++) {
                addAll(eval, predicted, actual, confusion[actual][predicted]);
            }
        }
        assertThat(eval.count()).isEqualTo(20);
        assertThat(eval.accuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(eval.kappa()).isCloseTo(41.0 / 66.0, within(1e-12));
    }

    @Test
    void kappaIsZeroWhenChanceAgreementIsCertain() {
        PrequentialEvaluator eval = new PrequentialEvaluator(2, 5);
        addAll(eval, 1, 1, 6);
        assertThat(eval.accuracy()).isEqualTo(1.0);
        assertThat(eval.kappa()).isZero();
    }

    @Test
    void kappaIsNegativeForWorseThanChance() {
        PrequentialEvaluator eval = new PrequentialEvaluator(2, 5);
        addAll(eval, 1, 0, 3);
        addAll(eval, 0, 1, 3);
        // p0 = 0, pc = 0.5 * 0.5 + 0.5 * 0.5 = 0.5, kappa = -1
        assertThat(eval.kappa()).isCloseTo(-1.0, within(1e-12));
    }

    /** Through the registry, in the codec's envelope; the re-encoding is the same bytes. */
    private static PrequentialEvaluator roundTrip(PrequentialEvaluator eval) {
        byte[] bytes = ModelCodecs.ALL.encode(eval);
        PrequentialEvaluator back = ModelCodecs.ALL.decode(bytes, PrequentialEvaluator.class);
        assertThat(new PrequentialEvaluatorCodec().encode(back)).isEqualTo(bytes);
        return back;
    }

    private static void assertSameFigures(PrequentialEvaluator a, PrequentialEvaluator b) {
        assertThat(a.count()).isEqualTo(b.count());
        assertThat(a.accuracy()).isEqualTo(b.accuracy());
        assertThat(a.windowAccuracy()).isEqualTo(b.windowAccuracy());
        assertThat(a.kappa()).isEqualTo(b.kappa());
        assertThat(a.windowKappa()).isEqualTo(b.windowKappa());
        assertThat(a.kappaM()).isEqualTo(b.kappaM());
        assertThat(a.windowKappaM()).isEqualTo(b.windowKappaM());
        assertThat(a.kappaTemporal()).isEqualTo(b.kappaTemporal());
        assertThat(a.windowKappaTemporal()).isEqualTo(b.windowKappaTemporal());
    }

    @Test
    void theBareFieldsAreTheCodecsVersion2() throws IOException {
        // the active session's codec version 1 and the prequential learner's before version 5
        // wrote the evaluator's fields without an envelope
        PrequentialEvaluator original = new PrequentialEvaluator(2, 4);
        addAll(original, 1, 0, 3);
        addAll(original, 0, 0, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            new PrequentialEvaluatorCodec().write(original, out);
        }
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertSameFigures(new PrequentialEvaluatorCodec().read(2, in), original);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void codecRoundTripKeepsEveryFigureAndTheWindow() {
        PrequentialEvaluator original = new PrequentialEvaluator(3, 7);
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 25; i++) {
            original.add(rnd.nextInt(3), rnd.nextInt(3));
        }
        PrequentialEvaluator restored = roundTrip(original);
        assertSameFigures(restored, original);

        // the window contents travel too: both go on identically
        for (int i = 0; i < 20; i++) {
            int p = rnd.nextInt(3);
            int a = rnd.nextInt(3);
            original.add(p, a);
            restored.add(p, a);
            assertSameFigures(restored, original);
        }
    }

    @Test
    void roundTripsAnEmptyEvaluator() {
        PrequentialEvaluator restored = roundTrip(new PrequentialEvaluator(2, 3));
        assertSameFigures(restored, new PrequentialEvaluator(2, 3));
        restored.add(1, 1);
        assertThat(restored.windowAccuracy()).isEqualTo(1.0);
    }

    @Test
    void rejectsFewerThanTwoClassesAndAnEmptyWindow() {
        assertThatThrownBy(() -> new PrequentialEvaluator(1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need at least 2 classes, got 1");
        assertThatThrownBy(() -> new PrequentialEvaluator(2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window size must be at least 1, got 0");
    }
}
