package dev.streamlearn.operators.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.state.codec.RawModelCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each part of the active learner in its own codec through {@link ModelCodecs#ALL}: encoded
 * mid-stream and decoded alone (its configuration comes with it), the restored part does exactly
 * what the original does on the next inputs, fed to both side by side.
 */
class ActivePartCodecsTest {

    /** Class probabilities of 2 to 4 classes, some of them near a tie. */
    private static double[] proba(SplittableRandom r) {
        double[] p = new double[2 + r.nextInt(3)];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextDouble() < 0.1 ? 1 : r.nextDouble();
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static <T> T roundTrip(T part, Class<T> as) {
        byte[] bytes = ModelCodecs.ALL.encode(part);
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(1);
        T restored = ModelCodecs.ALL.decode(bytes, as);
        assertThat(restored).isInstanceOf(part.getClass()).isNotSameAs(part);
        assertThat(ModelCodecs.ALL.encode(restored)).as("re-encoded").containsExactly(bytes);
        return restored;
    }

    @Test
    void everyStrategyScoresAndAdaptsAsTheOriginalAfterARoundTrip() {
        StrategyConfig notDefault =
                StrategyConfig.of(StrategyConfig.Kind.RANDOM)
                        .withFixedThreshold(0.8)
                        .withStep(0.05)
                        .withRandomisation(0.5)
                        .withSplitShare(0.3)
                        .withEntropyDiscount(1.5);
        for (StrategyConfig.Kind kind : StrategyConfig.Kind.values()) {
            QueryStrategy original =
                    QueryStrategy.create(
                            new StrategyConfig(
                                    kind,
                                    notDefault.fixedThreshold(),
                                    notDefault.step(),
                                    notDefault.randomisation(),
                                    notDefault.splitShare(),
                                    notDefault.entropyDiscount()),
                            0.15,
                            33);
            SplittableRandom r = new SplittableRandom(kind.ordinal());
            for (int i = 0; i < 500; i++) {
                QueryStrategy.Score s = original.score(proba(r));
                original.update(s, s.wanted() && r.nextDouble() < 0.7);
            }
            QueryStrategy restored = roundTrip(original, QueryStrategy.class);
            int asked = 0;
            for (int i = 0; i < 2_000; i++) {
                double[] p = proba(r);
                QueryStrategy.Score expected = original.score(p);
                QueryStrategy.Score actual = restored.score(p);
                assertThat(actual).as("%s instance %d", kind, i).isEqualTo(expected);
                boolean queried = expected.wanted() && r.nextDouble() < 0.7;
                original.update(expected, queried);
                restored.update(actual, queried);
                asked += queried ? 1 : 0;
            }
            assertThat(asked).as("%s asks now and then", kind).isPositive();
        }
    }

    @Test
    void everyBudgetManagerDecidesAsTheOriginalAfterARoundTrip() {
        for (BudgetConfig.Kind kind : BudgetConfig.Kind.values()) {
            // a window of 30 the quantile filter has wrapped around several times
            for (int before : new int[] {0, 12, 500}) {
                BudgetManager original = BudgetManager.create(new BudgetConfig(kind, 0.2, 30, 7));
                SplittableRandom r = new SplittableRandom(before);
                for (int i = 0; i < before; i++) {
                    step(original, r);
                }
                BudgetManager restored = roundTrip(original, BudgetManager.class);
                assertThat(restored.budget()).isEqualTo(original.budget());
                assertThat(restored.seen()).isEqualTo(original.seen());
                assertThat(restored.queried()).isEqualTo(original.queried());
                for (int i = 0; i < 1_000; i++) {
                    double utility = r.nextDouble();
                    boolean wanted = r.nextDouble() < 0.5;
                    boolean atRandom = r.nextDouble() < 0.1;
                    assertThat(restored.allowsQuery())
                            .as("%s after %d, instance %d", kind, before, i)
                            .isEqualTo(original.allowsQuery());
                    boolean expected =
                            atRandom
                                    ? original.decideAtRandom(wanted)
                                    : original.decide(utility, wanted);
                    boolean actual =
                            atRandom
                                    ? restored.decideAtRandom(wanted)
                                    : restored.decide(utility, wanted);
                    assertThat(actual)
                            .as("%s after %d, instance %d", kind, before, i)
                            .isEqualTo(expected);
                }
                assertThat(restored.queried()).isEqualTo(original.queried()).isPositive();
                assertThat(restored.estimatedBytes()).isEqualTo(original.estimatedBytes());
            }
        }
    }

    private static void step(BudgetManager m, SplittableRandom r) {
        if (r.nextDouble() < 0.1) {
            m.decideAtRandom(r.nextDouble() < 0.5);
        } else {
            m.decide(r.nextDouble(), r.nextDouble() < 0.5);
        }
    }

    @Test
    void theDetectorSignalsWhereTheOriginalDoesAfterARoundTrip() {
        SplittableRandom r = new SplittableRandom(5);
        ErrorRateDetector original = new ErrorRateDetector();
        for (int i = 0; i < 400; i++) {
            original.add(r.nextDouble() < 0.1);
        }
        assertThat(original.errorRate()).as("mid-stream").isPositive();
        ErrorRateDetector restored = roundTrip(original, ErrorRateDetector.class);
        List<Integer> signals = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            boolean error = r.nextDouble() < (i < 1_000 ? 0.5 : 0.1);
            boolean expected = original.add(error);
            assertThat(restored.add(error)).as("outcome %d", i).isEqualTo(expected);
            if (expected) {
                signals.add(i);
            }
            assertThat(restored.errorRate()).isEqualTo(original.errorRate());
        }
        assertThat(signals).as("the rise to 50%% is signalled").isNotEmpty();
        // a detector that has seen nothing
        assertThat(roundTrip(new ErrorRateDetector(), ErrorRateDetector.class).add(true)).isFalse();
    }

    @Test
    void thePendingRequestsAreTakenAsTheOriginalsAfterARoundTrip() {
        SplittableRandom r = new SplittableRandom(9);
        PendingRequests original = new PendingRequests();
        List<double[]> asked = new ArrayList<>();
        for (int i = 0; i < PendingRequests.CAPACITY + 40; i++) {
            double[] x = {r.nextInt(50), r.nextDouble()};
            asked.add(x);
            original.add(new PendingRequests.Pending(x, r.nextInt(3), r.nextBoolean(), i / 300));
        }
        PendingRequests restored = roundTrip(original, PendingRequests.class);
        assertThat(restored.size()).isEqualTo(PendingRequests.CAPACITY);
        // past the capacity both forget the same oldest
        double[] extra = {-1, -1};
        original.add(new PendingRequests.Pending(extra, 1, true, 9));
        restored.add(new PendingRequests.Pending(extra.clone(), 1, true, 9));
        asked.add(extra);
        for (double[] x : asked) {
            PendingRequests.Pending expected = original.take(x);
            PendingRequests.Pending actual = restored.take(x.clone());
            if (expected == null) {
                assertThat(actual).isNull();
            } else {
                assertThat(actual.x()).containsExactly(expected.x());
                assertThat(actual.predicted()).isEqualTo(expected.predicted());
                assertThat(actual.unbiased()).isEqualTo(expected.unbiased());
                assertThat(actual.epoch()).isEqualTo(expected.epoch());
            }
        }
        assertThat(restored.size()).isEqualTo(original.size()).isZero();
    }

    @Test
    void theLatencyUtilityDiscountsAsTheOriginalAfterARoundTrip() {
        SplittableRandom r = new SplittableRandom(13);
        LatencyAwareUtility fresh = new LatencyAwareUtility(0.4);
        LatencyAwareUtility original = roundTrip(fresh, LatencyAwareUtility.class);
        LatencyAwareUtility twin = new LatencyAwareUtility(0.4);
        List<PendingRequests.Pending> pending = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double[] x = {r.nextDouble() * 10, r.nextGaussian(), 3};
            original.observe(x);
            twin.observe(x);
            if (i % 40 == 0) {
                pending.add(new PendingRequests.Pending(x, 0, false, 0));
            }
        }
        LatencyAwareUtility restored = roundTrip(original, LatencyAwareUtility.class);
        for (int i = 0; i < 500; i++) {
            double[] x = {r.nextDouble() * 10, r.nextGaussian(), 3};
            double expected = twin.factor(x, pending);
            assertThat(restored.factor(x, pending)).as("instance %d", i).isEqualTo(expected);
            assertThat(original.factor(x, pending)).isEqualTo(expected);
            twin.observe(x);
            restored.observe(x);
            original.observe(x);
        }
    }

    @Test
    void aQuantileFilterOfMoreUtilitiesThanItsWindowIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("balanced-incremental-quantile-filter");
            out.writeInt(1);
            out.writeDouble(0.1);
            out.writeInt(2);
            out.writeInt(5);
            out.writeLong(10);
            out.writeLong(1);
            out.writeInt(3);
            for (int i = 0; i < 3; i++) {
                out.writeDouble(0.5);
            }
        }
        assertThatThrownBy(() -> ModelCodecs.ALL.decode(bytes.toByteArray(), BudgetManager.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 utilities")
                .hasMessageContaining("window is 2");
    }
}
