package dev.streamlearn.operators.driftmoe;

import static dev.streamlearn.operators.driftmoe.DriftMoeFixtures.numericSchema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.nn.Losses;
import dev.streamlearn.operators.nn.Mlp;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The routing, mask and training rules of both variants (reference notes, sections 3 and 4) on
 * hand-made cases. The experts are MOA's majority-class learners, whose raw votes are exactly the
 * class counts they were trained on, so which expert is right, and which was trained, is known.
 */
class DriftMoeRulesTest {
    private static final String COUNTS = "functions.MajorityClass";
    private static final double LR = 2e-3;
    private static final StreamSchema SCHEMA = numericSchema(2, 3);
    private static final double[] X = {0.3, -0.7};
    private static final DriftMoeCodec CODEC = new DriftMoeCodec();

    private static DriftMoe data(int experts, int topK, int batchSize) {
        return DriftMoe.create(
                new DriftMoeConfig(
                        DriftMoeConfig.Variant.DATA,
                        experts,
                        topK,
                        batchSize,
                        LR,
                        8,
                        4,
                        0.2,
                        0.8,
                        COUNTS,
                        1),
                SCHEMA);
    }

    /** MoE-Data with the given improvements, otherwise as {@link #data}. */
    private static DriftMoe improved(
            int experts, int topK, DriftMoeConfig.Improvements improvements) {
        return DriftMoe.create(
                new DriftMoeConfig(
                                DriftMoeConfig.Variant.DATA,
                                experts,
                                topK,
                                1,
                                LR,
                                8,
                                4,
                                0.2,
                                0.8,
                                COUNTS,
                                1)
                        .withImprovements(improvements),
                SCHEMA);
    }

    private static DriftMoe task() {
        return DriftMoe.create(
                new DriftMoeConfig(
                        DriftMoeConfig.Variant.TASK, 1, 1, 1, LR, 8, 4, 0.2, 0.8, COUNTS, 1),
                SCHEMA);
    }

    /** Makes the router's logits equal {@code logits} for every input: last layer bias only. */
    private static void fixLogits(Mlp router, double[] logits) {
        int out = router.outputSize();
        int hidden = 4;
        for (int k = 0; k < out * hidden; k++) {
            router.setWeight(2, k, 0);
        }
        for (int o = 0; o < out; o++) {
            router.setBias(2, o, logits[o]);
        }
    }

    /** Trains {@code expert} on X once per given label. */
    private static void pretrain(MoaClassifier expert, int... labels) {
        for (int y : labels) {
            expert.learnOne(X, y);
        }
    }

    private static double[][] votes(DriftMoe moe) {
        return moe.experts().stream().map(e -> e.votes(X)).toArray(double[][]::new);
    }

    private static double[] outputBiases(Mlp router) {
        double[] b = new double[router.outputSize()];
        for (int o = 0; o < b.length; o++) {
            b[o] = router.bias(2, o);
        }
        return b;
    }

    /**
     * One MoE-Data step with batch size 1 on (X, y); checks that it took exactly one Adam step on
     * the mean BCE of the eval-mode logits against {@code expectedMask}, and that the mask is what
     * moved each output bias: one Adam step moves a parameter by about the learning rate against
     * the sign of its gradient, sigmoid(logit) - mask, so up where the mask is 1.
     */
    private static double[] stepWithMask(DriftMoe moe, int y, double[] expectedMask) {
        double[] logits = moe.router().forward(X, false).output();
        double[] before = outputBiases(moe.router());
        long steps = moe.adam().steps();
        double[] proba = moe.predictThenLearn(X, y);
        assertThat(moe.adam().steps()).isEqualTo(steps + 1);
        assertThat(moe.bufferX()).isEmpty();
        assertThat(moe.lastRouterLoss())
                .isCloseTo(
                        Losses.bceWithLogits(logits, expectedMask, null) / logits.length,
                        within(1e-15));
        double[] after = outputBiases(moe.router());
        for (int i = 0; i < after.length; i++) {
            double expectedMove = expectedMask[i] == 1 ? LR : -LR;
            assertThat(after[i] - before[i]).as("bias %s", i).isCloseTo(expectedMove, within(1e-8));
        }
        return proba;
    }

    @Test
    void topKOrdersByWeightAndBreaksTiesByLowestIndex() {
        assertThat(DriftMoe.topK(new double[] {0.1, 0.5, 0.3, 0.5}, 3)).containsExactly(1, 3, 2);
        assertThat(DriftMoe.topK(new double[] {0.25, 0.25, 0.25, 0.25}, 3))
                .containsExactly(0, 1, 2);
        assertThat(DriftMoe.topK(new double[] {0.2, 0.7, 0.1}, 1)).containsExactly(1);
        assertThat(DriftMoe.topK(new double[] {0.2, 0.7, 0.1}, 5)).containsExactly(1, 0, 2);
        assertThat(DriftMoe.topK(new double[] {-3, -1, -2, -1}, 2)).containsExactly(1, 3);
        assertThat(DriftMoe.topK(new double[] {0.6, 0.4}, 0)).isEmpty();
    }

    @Test
    void oneVersusRestKeepsTheAttributesAndNamesBothClasses() {
        StreamSchema ovr = DriftMoe.oneVersusRest(SCHEMA, 1);
        assertThat(ovr.name()).isEqualTo("handmade-c1");
        assertThat(ovr.attributes()).isEqualTo(SCHEMA.attributes());
        assertThat(ovr.classValues()).containsExactly("not-c1", "c1");
        assertThat(DriftMoe.oneVersusRest(SCHEMA, 0).classValues()).containsExactly("not-c0", "c0");
    }

    @Test
    void moeDataMasksTheRightExpertsAndTrainsOnlyTheTopKRoutes() {
        DriftMoe moe = data(3, 2, 1);
        pretrain(moe.experts().get(0), 1, 1); // votes [0, 2, 0]: right for y = 1
        pretrain(moe.experts().get(1), 1); // votes [0, 1, 0]: right
        pretrain(moe.experts().get(2), 0, 0, 0); // votes [3, 0, 0]: wrong
        // weights order 2, 0, 1: the top-1 route is the wrong expert 2; expert 1 is right but
        // outside the top 2, so it is masked and not trained
        fixLogits(moe.router(), new double[] {0.5, -1.0, 2.0});

        double[] proba = stepWithMask(moe, 1, new double[] {1, 1, 0});

        assertThat(proba).containsExactly(1, 0, 0);
        assertThat(moe.routedCount()).containsExactly(0, 0, 1);
        double[][] after = votes(moe);
        assertThat(after[0]).containsExactly(0, 3, 0);
        assertThat(after[1]).containsExactly(0, 1, 0);
        assertThat(after[2]).containsExactly(3, 1, 0);
        assertThat(moe.learned()).isEqualTo(1);
    }

    @Test
    void moeDataMasksTheLargestRawVoteForTheTrueClassWhenNoExpertIsRight() {
        DriftMoe moe = data(3, 2, 1);
        pretrain(moe.experts().get(0), 0, 0, 0); // [3, 0, 0]: no vote for class 2
        pretrain(moe.experts().get(1), 1, 1, 2); // [0, 2, 1]: p(2) = 1/3
        pretrain(moe.experts().get(2), 0, 0, 0, 0, 0, 0, 2, 2); // [6, 0, 2]: p(2) = 1/4
        // raw votes pick expert 2 (2 > 1), normalised ones would pick expert 1
        fixLogits(moe.router(), new double[] {1.0, 2.0, -0.5});

        double[] proba = stepWithMask(moe, 2, new double[] {0, 0, 1});

        assertThat(proba).containsExactly(0, 2.0 / 3, 1.0 / 3);
        assertThat(moe.routedCount()).containsExactly(0, 1, 0);
        double[][] after = votes(moe);
        assertThat(after[0]).containsExactly(3, 0, 1);
        assertThat(after[1]).containsExactly(0, 2, 2);
        assertThat(after[2]).containsExactly(6, 0, 2);
    }

    @Test
    void moeDataBreaksTiesOfTheFallbackByLowestIndex() {
        DriftMoe moe = data(3, 1, 1);
        pretrain(moe.experts().get(0), 0, 0, 0); // [3, 0, 0]
        pretrain(moe.experts().get(1), 1, 1, 2); // [0, 2, 1]
        pretrain(moe.experts().get(2), 0, 0, 2); // [2, 0, 1]: ties expert 1 on class 2
        fixLogits(moe.router(), new double[] {3.0, 0.0, 1.0});

        stepWithMask(moe, 2, new double[] {0, 1, 0});

        double[][] after = votes(moe);
        assertThat(after[0]).containsExactly(3, 0, 1);
        assertThat(after[1]).containsExactly(0, 2, 1);
        assertThat(after[2]).containsExactly(2, 0, 1);
    }

    @Test
    void weightedVoteIsTheRoutingWeightedMeanOfTheTopKExpertsProbabilities() {
        DriftMoe moe = improved(3, 2, new DriftMoeConfig.Improvements(false, true, 0, 1));
        pretrain(moe.experts().get(0), 1, 1, 0, 0); // [2, 2, 0] -> (0.5, 0.5, 0)
        pretrain(moe.experts().get(1), 2); // [0, 0, 1] -> (0, 0, 1)
        pretrain(moe.experts().get(2), 0, 0, 0); // [3, 0, 0]: outside the top 2
        double[] logits = {1.0, 0.2, -0.4};
        fixLogits(moe.router(), logits);
        double[] w = Losses.softmax(logits, 0.8);
        double w0 = w[0] / (w[0] + w[1]);
        double w1 = w[1] / (w[0] + w[1]);
        double[] expected = {0.5 * w0, 0.5 * w0, w1};

        assertThat(moe.predictProbaOne(X)).containsExactly(expected, within(1e-15));
        assertThat(moe.predictThenLearn(X, 2)).containsExactly(expected, within(1e-15));
        // the paper's rule on the same experts: the top-1 expert's probabilities alone
        DriftMoe paper = data(3, 2, 1);
        pretrain(paper.experts().get(0), 1, 1, 0, 0);
        pretrain(paper.experts().get(1), 2);
        fixLogits(paper.router(), logits);
        assertThat(paper.predictProbaOne(X)).containsExactly(0.5, 0.5, 0);
    }

    @Test
    void standardisedRouterInputsAreWhatTheRouterLearnsFrom() {
        DriftMoe moe = improved(3, 2, new DriftMoeConfig.Improvements(true, false, 0, 1));
        moe.predictThenLearn(new double[] {10, -4}, 0);
        moe.predictThenLearn(new double[] {30, 4}, 1);
        // running means (20, 0), population deviations (10, 4): the second input is (+1, +1);
        // batch size 1 empties the buffer, so read the statistics instead
        var stats = moe.extras().standardiser();
        assertThat(stats.count()).isEqualTo(2);
        assertThat(stats.transform(new double[] {30, 4}))
                .containsExactly(new double[] {1, 1}, within(1e-6));
    }

    @Test
    void aRoutedExpertWhoseErrorRisesIsResetAndOthersAreNotJudged() {
        // one expert, trained on class 0 for long, then class 1 only: its error jumps from 0 to
        // 1 and ADWIN (delta 0.002) cuts the window: the expert restarts from nothing
        DriftMoe moe = improved(2, 1, new DriftMoeConfig.Improvements(false, false, 0.002, 1));
        fixLogits(moe.router(), new double[] {5.0, -5.0});
        for (int i = 0; i < 2000; i++) {
            moe.predictThenLearn(X, 0);
        }
        assertThat(moe.expertResets()).isZero();
        assertThat(votes(moe)[1]).as("expert 1 is never routed").containsOnly(0.0);
        int until = 0;
        while (moe.expertResets() == 0 && until < 500) {
            moe.predictThenLearn(X, 1);
            until++;
        }
        assertThat(moe.expertResets()).as("a reset within 500 wrong answers").isPositive();
        assertThat(moe.expertResets()).as("only the routed expert was judged").isEqualTo(1);
        // expert 0 forgot its 2000 class-0 instances; it learns on, in its warm-up
        assertThat(votes(moe)[0][0]).isLessThan(1);
        // the resetting instance counts as the first of the warm-up
        assertThat(moe.extras().warmUp()[0]).isEqualTo(DriftMoe.WARM_UP - 1);
        moe.predictThenLearn(X, 1);
        assertThat(moe.extras().warmUp()[0]).isEqualTo(DriftMoe.WARM_UP - 2);
        // expert 1 votes class 0 untrained, wrong on every instance, but none was routed to it:
        // it is neither judged nor reset, and stays untrained
        assertThat(votes(moe)[1]).containsOnly(0.0);
        assertThat(moe.extras().warmUp()[1]).isZero();
    }

    @Test
    void theTopKExpertsLearnWithTheTrainingWeight() {
        DriftMoe moe = improved(3, 2, new DriftMoeConfig.Improvements(false, false, 0, 6));
        fixLogits(moe.router(), new double[] {1.0, 2.0, -1.0});
        moe.predictThenLearn(X, 2);
        double[][] v = votes(moe);
        // majority-class experts count weights: the top 2 (1 and 0) saw the instance 6 times
        assertThat(v[0]).containsExactly(0, 0, 6);
        assertThat(v[1]).containsExactly(0, 0, 6);
        assertThat(v[2]).containsOnly(0.0);
    }

    @Test
    void routingDropoutRoutesAndLearnsWithDropoutOnAndTheRoutedExpertScoresAfterLearning() {
        DriftMoe moe = improved(3, 1, new DriftMoeConfig.Improvements(false, false, 0, 1, true));
        assertThatThrownBy(() -> moe.routedExpertProba(X))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("predictThenLearn first");
        pretrain(moe.experts().get(0), 0, 0);
        pretrain(moe.experts().get(1), 1, 1);
        pretrain(moe.experts().get(2), 2, 2);
        int[] ys = {1, 0, 2, 1, 1, 2};
        boolean masked = false;
        for (int y : ys) {
            // a copy draws the dropout masks the original is about to draw: routing, then the step
            DriftMoe copy = CODEC.decode(CODEC.encode(moe));
            Mlp.Pass route = copy.router().forward(X, true);
            Mlp.Pass step = copy.router().forward(X, true);
            masked |= Arrays.stream(route.masks()).anyMatch(m -> m == 0);
            int top = OnlineClassifier.argMax(route.output());
            long[] routed = moe.routedCount();
            double[] before = moe.experts().get(top).votes(X);

            double[] proba = moe.predictThenLearn(X, y);

            routed[top]++;
            assertThat(moe.routedCount()).containsExactly(routed);
            double[] mask = new double[3];
            mask[y] = 1;
            assertThat(moe.lastRouterLoss())
                    .isCloseTo(Losses.bceWithLogits(step.output(), mask, null) / 3, within(1e-15));
            // scored before learning: the routed expert's counts before; after: with y added
            assertThat(proba).containsExactly(normalised(before));
            double[] after = before.clone();
            after[y]++;
            assertThat(moe.routedExpertProba(X)).containsExactly(normalised(after));
        }
        assertThat(masked).as("dropout zeroed some units").isTrue();
    }

    private static double[] normalised(double[] counts) {
        double[] p = Arrays.copyOf(counts, 3);
        double sum = Arrays.stream(p).sum();
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    @Test
    void untrainedMoeDataExpertsPredictClassZero() {
        // the reference's quirk: an empty vote, zero-padded, reads as class 0
        DriftMoe right = data(3, 3, 1);
        fixLogits(right.router(), new double[] {0.0, 1.0, -1.0});
        double[] proba = stepWithMask(right, 0, new double[] {1, 1, 1});
        assertThat(proba).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
        for (double[] v : votes(right)) {
            assertThat(v).containsExactly(1, 0, 0);
        }

        DriftMoe wrong = data(3, 3, 1);
        fixLogits(wrong.router(), new double[] {0.0, 1.0, -1.0});
        stepWithMask(wrong, 2, new double[] {1, 0, 0});
    }

    @Test
    void moeDataUpdatesTheRouterOncePerFullMiniBatchWithoutDropout() {
        DriftMoe moe = data(3, 2, 4);
        pretrain(moe.experts().get(0), 0, 0);
        pretrain(moe.experts().get(1), 1, 1);
        pretrain(moe.experts().get(2), 2, 2);
        double[][] xs = {{0.3, -0.7}, {1.2, 0.4}, {-0.5, 2.0}, {0.0, 0.9}};
        int[] ys = {0, 1, 2, 1};
        double[][] masks = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}};
        double[][] logits = new double[4][];
        double[] biases = outputBiases(moe.router());
        for (int b = 0; b < 3; b++) {
            logits[b] = moe.router().forward(xs[b], false).output();
            moe.predictThenLearn(xs[b], ys[b]);
            assertThat(moe.adam().steps()).isZero();
            assertThat(moe.lastRouterLoss()).isNaN();
            assertThat(moe.bufferX()).hasSize(b + 1);
            assertThat(moe.bufferX().get(b)).containsExactly(xs[b]);
            assertThat(moe.bufferMask().get(b)).containsExactly(masks[b]);
            assertThat(outputBiases(moe.router())).containsExactly(biases);
        }
        logits[3] = moe.router().forward(xs[3], false).output();
        moe.predictThenLearn(xs[3], ys[3]);
        assertThat(moe.adam().steps()).isEqualTo(1);
        assertThat(moe.bufferX()).isEmpty();
        assertThat(moe.bufferMask()).isEmpty();
        // mean over all 4 x 3 entries of the eval-mode (dropout-free) logits
        double loss = 0;
        for (int b = 0; b < 4; b++) {
            loss += Losses.bceWithLogits(logits[b], masks[b], null);
        }
        assertThat(moe.lastRouterLoss()).isCloseTo(loss / 12, within(1e-15));
    }

    @Test
    void moeTaskTrainsEveryExpertOneVersusRestAndTargetsOneHotLabels() {
        DriftMoe moe = task();
        assertThat(moe.experts()).hasSize(3);
        // experts 0 and 1 say "mine", expert 2 "not mine", whatever the label: the target is
        // still one-hot(y), as only expert y saying 1 could add to it
        pretrain(moe.experts().get(0), 1, 1, 1, 1);
        pretrain(moe.experts().get(1), 1, 1, 1, 1);
        pretrain(moe.experts().get(2), 0, 0, 0, 0);
        int[] ys = {1, 2, 0, 1, 1};
        for (int t = 0; t < ys.length; t++) {
            int y = ys[t];
            double[] oneHot = new double[3];
            oneHot[y] = 1;
            // a copy of the model draws the dropout masks the original is about to draw
            DriftMoe copy = CODEC.decode(CODEC.encode(moe));
            double[] logits = copy.router().forward(X, true).output();
            double[] before = outputBiases(moe.router());
            long[] routed = moe.routedCount();

            double[] proba = moe.predictThenLearn(X, y);

            assertThat(proba).containsExactly(Losses.softmax(logits, 1));
            assertThat(moe.adam().steps()).isEqualTo(t + 1);
            assertThat(moe.lastRouterLoss())
                    .isEqualTo(Losses.bceWithLogits(logits, oneHot, null) / 3);
            if (t == 0) {
                // Adam's first step moves each bias by about lr against its gradient's sign
                double[] after = outputBiases(moe.router());
                for (int c = 0; c < 3; c++) {
                    assertThat(after[c] - before[c])
                            .as("bias %s", c)
                            .isCloseTo(c == y ? LR : -LR, within(1e-8));
                }
            }
            routed[OnlineClassifier.argMax(logits)]++;
            assertThat(moe.routedCount()).containsExactly(routed);
        }
        // every expert learned every instance, label 1 exactly when y is its class
        assertThat(moe.experts().get(0).votes(X)).containsExactly(4, 4 + 1);
        assertThat(moe.experts().get(1).votes(X)).containsExactly(2, 4 + 3);
        assertThat(moe.experts().get(2).votes(X)).containsExactly(4 + 4, 1);
        assertThat(moe.learned()).isEqualTo(5);
    }

    @Test
    void moeTaskPredictsWithDropoutOnButPredictProbaOneWithout() {
        DriftMoe moe = task();
        double[] eval = moe.predictProbaOne(X);
        assertThat(eval)
                .containsExactly(Losses.softmax(moe.router().forward(X, false).output(), 1));
        assertThat(moe.predictThenLearn(X, 0)).isNotEqualTo(eval);
    }

    @Test
    void expertsOfBothVariantsHaveTheExpectedSchemas() {
        for (MoaClassifier e : task().experts()) {
            assertThat(e.numClasses()).isEqualTo(2);
        }
        List<MoaClassifier> dataExperts = data(4, 2, 8).experts();
        assertThat(dataExperts).hasSize(4);
        for (MoaClassifier e : dataExperts) {
            assertThat(e.numClasses()).isEqualTo(3);
        }
    }
}
