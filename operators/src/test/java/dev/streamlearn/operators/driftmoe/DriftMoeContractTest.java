package dev.streamlearn.operators.driftmoe;

import static dev.streamlearn.operators.driftmoe.DriftMoeFixtures.LED;
import static dev.streamlearn.operators.driftmoe.DriftMoeFixtures.SEA;
import static dev.streamlearn.operators.driftmoe.DriftMoeFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.driftmoe.DriftMoeFixtures.Sample;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.nn.Losses;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link OnlineClassifier} contract for both DriftMoE variants and the improved configuration,
 * and seeded determinism.
 */
class DriftMoeContractTest {

    static Stream<Arguments> variantsAndStreams() {
        return Stream.of(
                Arguments.of("data", SEA),
                Arguments.of("data", LED),
                Arguments.of("task", SEA),
                Arguments.of("task", LED),
                Arguments.of("improved", SEA),
                Arguments.of("improved", LED));
    }

    /** MoE-Data, MoE-Task or the improved configuration, by its learner name. */
    static DriftMoeConfig config(String variant) {
        return Classifiers.driftMoe("driftmoe-" + variant);
    }

    private static void assertIsADistribution(double[] p, int numClasses) {
        assertThat(p).isNotNull().hasSize(numClasses);
        for (double v : p) {
            assertThat(v).isBetween(0.0, 1.0);
        }
        assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
    }

    @ParameterizedTest
    @MethodSource("variantsAndStreams")
    void predictsADistributionBeforeTraining(String variant, String stream) {
        Sample s = take(stream, 50);
        DriftMoe moe = DriftMoe.create(config(variant), s.schema());
        int k = s.schema().numClasses();
        assertThat(moe.numClasses()).isEqualTo(k);
        assertThat(moe.learned()).isZero();
        assertThat(moe.lastRouterLoss()).isNaN();
        for (Example e : s.examples()) {
            double[] p = moe.predictProbaOne(e.x());
            assertIsADistribution(p, k);
            if (!variant.equals("task")) {
                // every expert is an untrained tree: whichever is routed predicts uniformly (the
                // improved configuration's weighted vote averages uniform votes: rounding only)
                double[] uniform = new double[k];
                Arrays.fill(uniform, 1.0 / k);
                assertThat(p).containsExactly(uniform, within(1e-15));
            } else {
                // MoE-Task predicts the router's softmax (eval mode, no dropout)
                assertThat(p)
                        .containsExactly(
                                Losses.softmax(moe.router().forward(e.x(), false).output(), 1));
            }
            assertThat(moe.predictOne(e.x())).isEqualTo(OnlineClassifier.argMax(p));
        }
    }

    @ParameterizedTest
    @MethodSource("variantsAndStreams")
    void predictsADistributionWhileAndAfterTraining(String variant, String stream) {
        Sample s = take(stream, 1500);
        DriftMoe moe = DriftMoe.create(config(variant), s.schema());
        int k = s.schema().numClasses();
        for (Example e : s.examples().subList(0, 1000)) {
            assertIsADistribution(moe.predictThenLearn(e.x(), e.y()), k);
        }
        assertThat(moe.learned()).isEqualTo(1000);
        assertThat(Arrays.stream(moe.routedCount()).sum()).isEqualTo(1000);
        assertThat(moe.lastRouterLoss()).isFinite().isPositive();
        for (Example e : s.examples().subList(1000, 1500)) {
            double[] p = moe.predictProbaOne(e.x());
            assertIsADistribution(p, k);
            assertThat(moe.predictOne(e.x())).isEqualTo(OnlineClassifier.argMax(p));
        }
        for (Example e : s.examples().subList(1000, 1500)) {
            moe.learnOne(e.x(), e.y());
        }
        assertThat(moe.learned()).isEqualTo(1500);
        assertThat(moe.estimatedBytes()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("variantsAndStreams")
    void sameSeedOnTheSameStreamGivesIdenticalProbabilities(String variant, String stream) {
        Sample s = take(stream, 1200);
        DriftMoe a = DriftMoe.create(config(variant).withSeed(7), s.schema());
        DriftMoe b = DriftMoe.create(config(variant).withSeed(7), s.schema());
        for (Example e : s.examples()) {
            assertThat(b.predictProbaOne(e.x())).containsExactly(a.predictProbaOne(e.x()));
            assertThat(b.predictThenLearn(e.x(), e.y()))
                    .containsExactly(a.predictThenLearn(e.x(), e.y()));
        }
        assertThat(b.routedCount()).containsExactly(a.routedCount());
        assertThat(b.lastRouterLoss()).isEqualTo(a.lastRouterLoss());
        assertThat(b.adam().steps()).isEqualTo(a.adam().steps());
    }

    @ParameterizedTest
    @MethodSource("variantsAndStreams")
    void differentSeedsGiveDifferentRouters(String variant, String stream) {
        Sample s = take(stream, 1);
        double[] x = s.examples().get(0).x();
        DriftMoe a = DriftMoe.create(config(variant).withSeed(1), s.schema());
        DriftMoe b = DriftMoe.create(config(variant).withSeed(2), s.schema());
        assertThat(b.router().forward(x, false).output())
                .isNotEqualTo(a.router().forward(x, false).output());
        if (variant.equals("task")) {
            assertThat(b.predictProbaOne(x)).isNotEqualTo(a.predictProbaOne(x));
        }
    }

    @Test
    void differentSeedsGiveDifferentMoeDataRoutes() {
        Sample s = take(SEA, 2000);
        DriftMoe a = DriftMoe.create(DriftMoeConfig.data().withSeed(1), s.schema());
        DriftMoe b = DriftMoe.create(DriftMoeConfig.data().withSeed(2), s.schema());
        boolean probabilitiesDiffered = false;
        for (Example e : s.examples()) {
            double[] pa = a.predictThenLearn(e.x(), e.y());
            double[] pb = b.predictThenLearn(e.x(), e.y());
            probabilitiesDiffered |= !Arrays.equals(pa, pb);
        }
        assertThat(b.routedCount()).isNotEqualTo(a.routedCount());
        assertThat(probabilitiesDiffered).isTrue();
    }

    @Test
    void moeTaskHasOneExpertPerClassAndMoeDataTheConfiguredNumber() {
        for (String stream : List.of(SEA, LED)) {
            Sample s = take(stream, 1);
            int k = s.schema().numClasses();
            DriftMoe task = DriftMoe.create(DriftMoeConfig.task(), s.schema());
            DriftMoe data = DriftMoe.create(DriftMoeConfig.data(), s.schema());
            assertThat(task.experts()).hasSize(k);
            assertThat(task.router().outputSize()).isEqualTo(k);
            assertThat(task.routedCount()).hasSize(k);
            assertThat(data.experts()).hasSize(12);
            assertThat(data.router().outputSize()).isEqualTo(12);
            assertThat(data.router().inputSize()).isEqualTo(s.schema().numAttributes());
            assertThat(data.routedCount()).hasSize(12);
            for (var expert : task.experts()) {
                assertThat(expert.numClasses()).isEqualTo(2);
            }
        }
    }
}
