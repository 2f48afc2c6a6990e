package dev.streamlearn.operators.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A restored baseline learner makes exactly the predictions the original would have made. */
class PrequentialLearnerCodecTest {

    private static final String SEA = "generators.SEAGenerator -i 1";

    private static void assertSameFigures(PrequentialLearner a, PrequentialLearner b) {
        PrequentialEvaluator ea = a.evaluator();
        PrequentialEvaluator eb = b.evaluator();
        assertThat(a.instances()).isEqualTo(b.instances());
        assertThat(a.version()).isEqualTo(b.version());
        assertThat(ea.count()).isEqualTo(eb.count());
        assertThat(ea.accuracy()).isEqualTo(eb.accuracy());
        assertThat(ea.windowAccuracy()).isEqualTo(eb.windowAccuracy());
        assertThat(ea.kappa()).isEqualTo(eb.kappa());
    }

    @ParameterizedTest
    @ValueSource(strings = {"trees.HoeffdingTree", "bayes.NaiveBayes", "meta.OzaBag -s 3"})
    void restoredLearnerContinuesExactlyAsTheOriginal(String learner) {
        PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            StreamSchema schema = stream.schema();
            PrequentialLearner original =
                    PrequentialLearner.create(new PrequentialConfig(learner, 500, 1000), schema);
            for (int i = 0; i < 5_000; i++) {
                Example e = stream.next();
                original.testThenTrain(e.x(), e.y());
            }

            PrequentialLearner restored = codec.decode(codec.encode(original));
            assertSameFigures(restored, original);

            for (int i = 0; i < 2_000; i++) {
                Example e = stream.next();
                // every 7th instance comes unlabelled: predicted, counted, not learned
                int y = i % 7 == 0 ? -1 : e.y();
                double[] expected = original.testThenTrain(e.x(), y);
                assertThat(restored.testThenTrain(e.x(), y)).containsExactly(expected);
            }
            assertSameFigures(restored, original);
            assertThat(restored.instances()).isEqualTo(7_000);
            assertThat(restored.version()).isEqualTo(5_000 + 2_000 - 286);
        }
    }

    @Test
    void readsVersionTwoWhichHadNoDelayedLabels() throws IOException {
        PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
        // version 2 is version 3 (the classifier after its family name, as the committed
        // resource has it) without the trailing waiting room: capacity, given up and two empty
        // maps; the version follows the type name
        byte[] v3;
        try (InputStream in =
                getClass().getResourceAsStream("/codec/prequential-learner-v3-moa-v3.bin")) {
            v3 = in.readAllBytes();
        }
        byte[] v2 = Arrays.copyOf(v3, v3.length - (4 + 8 + 4 + 4));
        int versionAt = 2 + codec.typeName().length();
        assertThat(ByteBuffer.wrap(v2).getInt(versionAt)).isEqualTo(3);
        ByteBuffer.wrap(v2).putInt(versionAt, 2);

        PrequentialLearner original = codec.decode(v3);
        PrequentialLearner restored = codec.decode(v2);
        assertSameFigures(restored, original);
        assertThat(restored.delayed().pending()).isZero();
        assertThat(restored.delayed().capacity()).isEqualTo(PrequentialConfig.DEFAULT_MAX_PENDING);
        assertThat(codec.encode(restored)).isEqualTo(codec.encode(original));
    }

    @Test
    void instancesWaitingForTheirLabelsSurviveTheCodec() {
        PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            PrequentialLearner original =
                    PrequentialLearner.create(PrequentialConfig.defaults(), stream.schema());
            List<Example> waiting = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Example e = stream.next();
                waiting.add(e);
                original.testThenTrain("id" + i, e.x(), -1);
            }
            original.label("early", 1, new ArrayList<>());
            PrequentialLearner restored = codec.decode(codec.encode(original));
            for (int i = 0; i < 300; i++) {
                assertThat(restored.label("id" + i, waiting.get(i).y(), new ArrayList<>()))
                        .isTrue();
                original.label("id" + i, waiting.get(i).y(), new ArrayList<>());
            }
            assertSameFigures(restored, original);
            assertThat(restored.version()).isEqualTo(300);
            Example next = stream.next();
            // the early label waits for its instance, which arrives unlabelled
            assertThat(restored.testThenTrain("early", next.x(), -1))
                    .containsExactly(original.testThenTrain("early", next.x(), -1));
            assertThat(restored.version()).isEqualTo(301);
        }
    }

    @Test
    void unlabelledInstancesArePredictedButNotLearned() {
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            PrequentialLearner l =
                    PrequentialLearner.create(PrequentialConfig.defaults(), stream.schema());
            for (int i = 0; i < 100; i++) {
                assertThat(l.testThenTrain(stream.next().x(), -1)).containsExactly(0.5, 0.5);
            }
            assertThat(l.instances()).isEqualTo(100);
            assertThat(l.version()).isZero();
        }
    }

    @Test
    void rejectsBytesOfAnotherModelType() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("moa-baseline-v0");
            out.writeInt(1);
        }
        assertThatThrownBy(() -> new PrequentialLearnerCodec().decode(bytes.toByteArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'moa-baseline-v0'")
                .hasMessageContaining("'prequential-learner'");
    }
}
