package dev.streamlearn.operators.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A restored active learner asks and predicts exactly as the original would have. */
class ActiveLearnerCodecTest {
    private static final String SEA = "generators.SEAGenerator -i 2";

    @Test
    void restoredLearnerContinuesIdenticallyForEveryStrategyAndManager() {
        ActiveLearnerCodec codec = new ActiveLearnerCodec();
        for (StrategyConfig.Kind strategy : StrategyConfig.Kind.values()) {
            for (BudgetConfig.Kind manager : BudgetConfig.Kind.values()) {
                String learner =
                        strategy == StrategyConfig.Kind.SPLIT
                                ? "driftmoe-data"
                                : "trees.HoeffdingTree";
                try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
                    ActiveLearner original =
                            ActiveLearner.create(
                                    Classifiers.create(learner, stream.schema(), 4),
                                    ActiveLearningConfig.of(strategy, manager, 0.2, 21));
                    for (int i = 0; i < 1_500; i++) {
                        Example e = stream.next();
                        original.queryThenLearn(e.x(), e.y());
                    }
                    byte[] bytes = codec.encode(original);
                    ActiveLearner restored = codec.decode(bytes);
                    assertThat(restored.config()).isEqualTo(original.config());
                    assertThat(restored.seen()).isEqualTo(original.seen());
                    assertThat(restored.requested()).isEqualTo(original.requested());
                    assertThat(restored.learned()).isEqualTo(original.learned());
                    assertThat(codec.encode(restored)).containsExactly(bytes);

                    for (int i = 0; i < 1_500; i++) {
                        Example e = stream.next();
                        ActiveLearner.Query expected = original.queryThenLearn(e.x(), e.y());
                        ActiveLearner.Query actual = restored.queryThenLearn(e.x(), e.y());
                        assertThat(actual.requested())
                                .as("%s/%s instance %d", strategy, manager, i)
                                .isEqualTo(expected.requested());
                        assertThat(actual.utility()).isEqualTo(expected.utility());
                        assertThat(actual.proba()).containsExactly(expected.proba());
                    }
                    assertThat(restored.requested()).isEqualTo(original.requested());
                }
            }
        }
    }

    @Test
    void refusesStateOfAnUnknownStrategyWithAnUpgradeHint() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("active-learner");
            out.writeInt(1);
            out.writeUTF("PROBABILISTIC_ACTIVE_LEARNING");
        }
        assertThatThrownBy(() -> new ActiveLearnerCodec().decode(bytes.toByteArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'PROBABILISTIC_ACTIVE_LEARNING'")
                .hasMessageContaining("upgrade Streamlearn");
    }
}
