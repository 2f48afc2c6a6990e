package dev.streamlearn.operators.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The active learner over the project's classifiers. */
class ActiveLearnerTest {
    private static final String SEA = "generators.SEAGenerator -i 5";

    /** A two-class classifier that is sure of class 0 however much it learns. */
    private static final class SureOfZero implements OnlineClassifier {
        final List<Integer> learned = new ArrayList<>();

        @Override
        public void learnOne(double[] x, int y) {
            learned.add(y);
        }

        @Override
        public double[] predictProbaOne(double[] x) {
            return new double[] {1.0, 0.0};
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public long estimatedBytes() {
            return 0;
        }
    }

    @Test
    void aClassifierTaughtFewerThanTwoClassesCountsAsKnowingNothing() {
        SureOfZero sure = new SureOfZero();
        ActiveLearner al =
                ActiveLearner.create(
                        sure,
                        ActiveLearningConfig.of(
                                StrategyConfig.Kind.FIXED_UNCERTAINTY,
                                BudgetConfig.Kind.CUMULATIVE,
                                1.0,
                                1));
        // the strategy sees uniform probabilities until classes 0 and 1 were both learned
        assertThat(al.queryThenLearn(new double[] {0}, 0).requested()).isTrue();
        assertThat(al.queryThenLearn(new double[] {0}, 0).requested()).isTrue();
        assertThat(al.queryThenLearn(new double[] {0}, 1).requested()).isTrue();
        // now the classifier's certainty counts: P = 1 is never below 0.9
        assertThat(al.queryThenLearn(new double[] {0}, 1).requested()).isFalse();
        assertThat(sure.learned).containsExactly(0, 0, 1);
        assertThat(al.learned()).isEqualTo(3);
        assertThat(al.requested()).isEqualTo(3);
        assertThat(al.seen()).isEqualTo(4);
    }

    @Test
    void aMoaLearnerThatHasSeenOnlyClassZeroIsReadAsKnowingNothing() {
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            MoaClassifier nb = MoaClassifier.create("bayes.NaiveBayes", stream.schema());
            double[] x = stream.next().x();
            nb.learnOne(x, 0);
            // MOA votes for class 0 only: normalised that looks certain, but it cannot tell apart
            assertThat(nb.predictProbaOne(x)).containsExactly(1.0, 0.0);
            assertThat(nb.predictProbaForQuery(x)).containsExactly(0.5, 0.5);
            nb.learnOne(stream.next().x(), 1);
            assertThat(nb.predictProbaForQuery(x)).containsExactly(nb.predictProbaOne(x));
        }
    }

    @Test
    void labelsOutsideTheClassesAreRefusedWithTheRange() {
        ActiveLearner al = ActiveLearner.create(new SureOfZero(), ActiveLearningConfig.defaults());
        assertThatThrownBy(() -> al.learn(new double[] {0}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class index 2 is outside the classifier's 2 classes (0..1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trees.HoeffdingTree", "bayes.NaiveBayes", "driftmoe-data"})
    void worksWithTheProjectsClassifiersAndIsDeterministic(String learner) {
        long[] requested = new long[2];
        double[][] last = new double[2][];
        for (int run = 0; run < 2; run++) {
            try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
                ActiveLearner al =
                        ActiveLearner.create(
                                Classifiers.create(learner, stream.schema(), 3),
                                ActiveLearningConfig.of(
                                        StrategyConfig.Kind.RANDOMIZED_VARIABLE_UNCERTAINTY,
                                        BudgetConfig.Kind.WINDOWED,
                                        0.1,
                                        9));
                for (int i = 0; i < 3_000; i++) {
                    Example e = stream.next();
                    last[run] = al.queryThenLearn(e.x(), e.y()).proba();
                }
                requested[run] = al.requested();
                assertThat(al.estimatedBytes()).isPositive();
            }
        }
        assertThat(requested[0]).isEqualTo(requested[1]).isBetween(250L, 350L);
        assertThat(last[1]).containsExactly(last[0]);
    }

    @Test
    void requestsCanBeAnsweredLater() {
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            ActiveLearner al =
                    ActiveLearner.create(
                            MoaClassifier.create("trees.HoeffdingTree", stream.schema()),
                            ActiveLearningConfig.defaults());
            List<Example> waiting = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                Example e = stream.next();
                if (al.query(e.x()).requested()) {
                    waiting.add(e);
                }
                if (waiting.size() > 20) { // the oracle answers 20 requests late
                    Example answered = waiting.remove(0);
                    al.learn(answered.x(), answered.y());
                }
            }
            assertThat(al.requested()).isEqualTo(200);
            assertThat(al.learned()).isEqualTo(al.requested() - 20);
        }
    }
}
