package dev.streamlearn.operators.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bias guard, its drift detector and the latency-aware utility: each against a figure computed
 * here independently of the code under test.
 */
class ActiveBiasGuardTest {
    private static final String SEA = "generators.SEAGenerator -i 2";

    @Test
    void theDetectorSignalsARiseInTheErrorRateAndNotAStableOne() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        ErrorRateDetector ddm = new ErrorRateDetector();
        int signals = 0;
        for (int i = 0; i < 20_000; i++) {
            signals += ddm.add(r.nextDouble() < 0.3) ? 1 : 0;
        }
        assertThat(signals).as("a stable 30% error rate").isLessThanOrEqualTo(1);
        ErrorRateDetector rising = new ErrorRateDetector();
        int early = 0;
        for (int i = 0; i < 2_000; i++) {
            early += rising.add(r.nextDouble() < 0.1) ? 1 : 0;
        }
        assertThat(early).as("a stable 10% error rate").isLessThanOrEqualTo(1);
        int at = -1;
        for (int i = 0; i < 2_000 && at < 0; i++) {
            at = rising.add(r.nextDouble() < 0.5) ? i : -1;
        }
        assertThat(at).as("errors after the rise to 50%% until the signal").isBetween(0, 300);
        assertThat(rising.errorRate()).as("afresh after the signal").isZero();
    }

    @Test
    void theGuardSpendsTheBudgetAndDrawsItsShareAtRandom() {
        for (BudgetConfig.Kind manager : BudgetConfig.Kind.values()) {
            try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
                ActiveLearner al =
                        naiveBayes(
                                stream,
                                StrategyConfig.Kind.VARIABLE_UNCERTAINTY,
                                manager,
                                0.1,
                                BiasGuardConfig.of(BiasGuardConfig.Kind.SHARE));
                int share = 0;
                int shareAsked = 0;
                int n = 20_000;
                for (int i = 0; i < n; i++) {
                    Example e = stream.next();
                    ActiveLearner.Query q = al.queryThenLearn(e.x(), e.y());
                    share += q.unbiased() ? 1 : 0;
                    shareAsked += q.unbiased() && q.requested() ? 1 : 0;
                }
                assertThat((double) share / n).as(manager + ": the share").isBetween(0.18, 0.22);
                assertThat((double) shareAsked / share)
                        .as(manager + ": the share asked at rate b")
                        .isBetween(0.08, 0.12);
                assertThat(al.spentRatio()).as(manager + ": spent").isBetween(0.09, 0.106);
            }
        }
    }

    @Test
    void theShareGrowsBelowABudgetOf002ToAskItsLeastRate() {
        BiasGuardConfig g = BiasGuardConfig.of(BiasGuardConfig.Kind.SHARE_DDM);
        assertThat(g.shareAt(0.1)).isEqualTo(0.2);
        assertThat(g.shareAt(0.02)).isEqualTo(0.2);
        assertThat(g.shareAt(0.01)).isCloseTo(0.4, offset(1e-12));
        assertThat(g.shareAt(0.001)).as("at most half").isEqualTo(0.5);
        assertThat(g.withMinRate(0).shareAt(0.001)).as("fixed").isEqualTo(0.2);
        assertThat(new BiasGuardConfig(BiasGuardConfig.Kind.SHARE, 0.3).shareAt(0.01))
                .as("a share given alone stays fixed")
                .isEqualTo(0.3);
        assertThat(BiasGuardConfig.none().shareAt(0.01)).isCloseTo(0.4, offset(1e-12));
        // the learner draws what shareAt says: counted on its queries
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            ActiveLearner al =
                    naiveBayes(
                            stream,
                            StrategyConfig.Kind.VARIABLE_UNCERTAINTY,
                            BudgetConfig.Kind.BIQF,
                            0.01,
                            g);
            int share = 0;
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                Example e = stream.next();
                share += al.queryThenLearn(e.x(), e.y()).unbiased() ? 1 : 0;
            }
            assertThat((double) share / n).as("the share at b = 0.01").isBetween(0.38, 0.42);
            assertThat(al.spentRatio()).as("spent").isBetween(0.009, 0.0106);
            assertThat(al.guardShare()).isEqualTo(g.shareAt(0.01));
        }
    }

    /**
     * SEA whose classes swap at 5,000 while the learner is sure of the old concept: without the
     * guard, Fixed Uncertainty asks nothing more and ends at its old concept's error; with the
     * guard's detector on the random share the model is reset and learns the new concept.
     */
    @Test
    void theGuardsDetectorResetsAModelTheStrategyNoLongerQuestions() {
        double[] accuracy = new double[2];
        long[] resets = new long[2];
        double majority = 0;
        List<BiasGuardConfig> guards =
                List.of(BiasGuardConfig.none(), BiasGuardConfig.of(BiasGuardConfig.Kind.SHARE_DDM));
        for (int g = 0; g < 2; g++) {
            try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
                ActiveLearner al =
                        naiveBayes(
                                stream,
                                StrategyConfig.Kind.FIXED_UNCERTAINTY,
                                BudgetConfig.Kind.CUMULATIVE,
                                0.1,
                                guards.get(g));
                int correct = 0;
                int ones = 0;
                for (int i = 0; i < 30_000; i++) {
                    Example e = stream.next();
                    int y = i < 5_000 ? e.y() : 1 - e.y();
                    ActiveLearner.Query q = al.queryThenLearn(e.x(), y);
                    if (i >= 20_000) {
                        correct += argMax(q.proba()) == y ? 1 : 0;
                        ones += y;
                    }
                }
                accuracy[g] = correct / 10_000.0;
                majority = Math.max(ones, 10_000 - ones) / 10_000.0;
                resets[g] = al.guardResets();
            }
        }
        assertThat(resets[0]).isZero();
        System.out.printf(
                java.util.Arrays.toString(accuracy), java.util.Arrays.toString(resets), majority);
        assertThat(accuracy[0])
                .as("no guard: at or below the majority class")
                .isLessThanOrEqualTo(majority);
        assertThat(resets[1]).isPositive();
        assertThat(accuracy[1]).as("the guard: the new concept").isGreaterThan(majority + 0.1);
    }

    @Test
    void theLatencyAwareUtilityDiscountsInstancesNearAPendingRequest() {
        LatencyAwareUtility l = new LatencyAwareUtility(0.25);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            l.observe(new double[] {r.nextGaussian() * 10, r.nextGaussian()});
        }
        ArrayDeque<PendingRequests.Pending> pending = new ArrayDeque<>();
        assertThat(l.factor(new double[] {0, 0}, pending)).isEqualTo(1.0);
        pending.add(new PendingRequests.Pending(new double[] {0, 0}, 0, false, 0));
        assertThat(l.factor(new double[] {0, 0}, pending)).isZero();
        // one deviation off on the second feature: 1 - exp(-1 / (2 * 0.25^2 * 2)) = 1 - e^-4
        assertThat(l.factor(new double[] {0, 1}, pending))
                .isCloseTo(1 - Math.exp(-4), org.assertj.core.data.Offset.offset(0.02));
        // ten units on the first feature are one of its deviations: the same
        assertThat(l.factor(new double[] {10, 0}, pending))
                .isCloseTo(1 - Math.exp(-4), org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void aGuardedLearnerWithLateLabelsRestoresAndContinuesIdentically() {
        ActiveLearnerCodec codec = new ActiveLearnerCodec();
        ActiveLearningConfig config =
                ActiveLearningConfig.of(
                                StrategyConfig.Kind.VARIABLE_UNCERTAINTY,
                                BudgetConfig.Kind.BIQF,
                                0.1,
                                8)
                        .withGuard(BiasGuardConfig.of(BiasGuardConfig.Kind.SHARE_DDM))
                        .withLatencyAware(0.25);
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            ActiveLearner original =
                    ActiveLearner.create(
                            MoaClassifier.create("bayes.NaiveBayes", stream.schema()), config);
            ArrayDeque<Example> waiting = new ArrayDeque<>();
            drive(original, stream, waiting, 3_000);
            ActiveLearner restored = codec.decode(codec.encode(original));
            assertThat(restored.config()).isEqualTo(config);
            ArrayDeque<Example> waitingCopy = new ArrayDeque<>(waiting);
            for (int i = 0; i < 2_000; i++) {
                Example e = stream.next();
                ActiveLearner.Query a = step(original, e, waiting);
                ActiveLearner.Query b = step(restored, e, waitingCopy);
                assertThat(b.proba()).containsExactly(a.proba());
                assertThat(b.requested()).isEqualTo(a.requested());
                assertThat(b.unbiased()).isEqualTo(a.unbiased());
            }
            assertThat(restored.driftsDetected()).isEqualTo(original.driftsDetected());
        }
    }

    /**
     * The class swap of {@link #theGuardsDetectorResetsAModelTheStrategyNoLongerQuestions}, swapped
     * back at 15,000, with late labels and the latency-aware utility: saved after the guard has
     * reset the model, while requests of the new epoch wait, the restored learner detects the swap
     * back, asks and predicts as the original.
     */
    @Test
    void aLearnerSavedAfterAGuardResetRestoresAndContinuesIdentically() {
        ActiveLearnerCodec codec = new ActiveLearnerCodec();
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            ActiveLearner original =
                    ActiveLearner.create(
                            MoaClassifier.create("bayes.NaiveBayes", stream.schema()),
                            ActiveLearningConfig.of(
                                            StrategyConfig.Kind.FIXED_UNCERTAINTY,
                                            BudgetConfig.Kind.CUMULATIVE,
                                            0.1,
                                            3)
                                    .withGuard(BiasGuardConfig.of(BiasGuardConfig.Kind.SHARE_DDM))
                                    .withLatencyAware(0.25));
            ArrayDeque<Example> waiting = new ArrayDeque<>();
            int i = 0;
            for (; i < 30_000 && original.guardResets() == 0; i++) {
                step(original, swapped(stream.next(), i), waiting);
            }
            assertThat(original.guardResets()).as("a reset before the save").isPositive();
            for (int j = 0; j < 20; j++, i++) {
                step(original, swapped(stream.next(), i), waiting);
            }
            assertThat(waiting).as("labels still to come at the save").isNotEmpty();
            long resetsAtTheSave = original.guardResets();
            ActiveLearner restored = codec.decode(codec.encode(original));
            ArrayDeque<Example> waitingCopy = new ArrayDeque<>(waiting);
            for (; i < 25_000; i++) {
                Example e = swapped(stream.next(), i);
                ActiveLearner.Query a = step(original, e, waiting);
                ActiveLearner.Query b = step(restored, e, waitingCopy);
                assertThat(b.proba()).as("instance %d", i).containsExactly(a.proba());
                assertThat(b.requested()).isEqualTo(a.requested());
                assertThat(b.unbiased()).isEqualTo(a.unbiased());
                assertThat(b.utility()).isEqualTo(a.utility());
            }
            assertThat(original.guardResets())
                    .as("the swap back at 15,000 is detected after the save")
                    .isGreaterThan(resetsAtTheSave);
            assertThat(restored.guardResets()).isEqualTo(original.guardResets());
            assertThat(restored.driftsDetected()).isEqualTo(original.driftsDetected());
            assertThat(restored.learned()).isEqualTo(original.learned());
        }
    }

    /** SEA's classes swapped from instance 5,000 to 15,000. */
    private static Example swapped(Example e, int i) {
        return i < 5_000 || i >= 15_000 ? e : new Example(e.x(), 1 - e.y());
    }

    private static void drive(
            ActiveLearner al, LabelledStream stream, ArrayDeque<Example> waiting, int n) {
        for (int i = 0; i < n; i++) {
            step(al, stream.next(), waiting);
        }
    }

    /** Queries; answers the request 30 requests back. */
    private static ActiveLearner.Query step(
            ActiveLearner al, Example e, ArrayDeque<Example> waiting) {
        ActiveLearner.Query q = al.query(e.x());
        if (q.requested()) {
            waiting.addLast(e);
        }
        if (waiting.size() > 30) {
            Example answered = waiting.removeFirst();
            al.learn(answered.x(), answered.y());
        }
        return q;
    }

    private static int argMax(double[] p) {
        return p[1] > p[0] ? 1 : 0;
    }

    /** Naive Bayes under an active learner of seed 3 with {@code guard}. */
    private static ActiveLearner naiveBayes(
            LabelledStream stream,
            StrategyConfig.Kind strategy,
            BudgetConfig.Kind manager,
            double budget,
            BiasGuardConfig guard) {
        return ActiveLearner.create(
                MoaClassifier.create("bayes.NaiveBayes", stream.schema()),
                ActiveLearningConfig.of(strategy, manager, budget, 3).withGuard(guard));
    }
}
