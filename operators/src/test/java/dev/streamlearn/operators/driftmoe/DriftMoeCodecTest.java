package dev.streamlearn.operators.driftmoe;

import static dev.streamlearn.operators.driftmoe.DriftMoeFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.driftmoe.DriftMoeFixtures.Sample;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.NamedStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshot and restore of a DriftMoE mid-stream: the restored model continues exactly. */
class DriftMoeCodecTest {
    private static final DriftMoeCodec CODEC = new DriftMoeCodec();

    /** A model of {@code config} after learning the first {@code n} instances of {@code s}. */
    private static DriftMoe trained(DriftMoeConfig config, Sample s, int n) {
        DriftMoe model = DriftMoe.create(config, s.schema());
        for (Example e : s.examples().subList(0, n)) {
            model.predictThenLearn(e.x(), e.y());
        }
        return model;
    }

    /**
     * Checks that the original and the restored model agree exactly on every one of the instances
     * of {@code s} from {@code from} on: probabilities, routes and router loss.
     */
    private static void continueAndCompare(
            DriftMoe original, DriftMoe restored, Sample s, int from) {
        for (Example e : s.examples().subList(from, s.examples().size())) {
            assertThat(restored.predictProbaOne(e.x()))
                    .containsExactly(original.predictProbaOne(e.x()));
            assertThat(restored.predictThenLearn(e.x(), e.y()))
                    .containsExactly(original.predictThenLearn(e.x(), e.y()));
            assertThat(restored.routedCount()).containsExactly(original.routedCount());
            assertSameDouble(restored.lastRouterLoss(), original.lastRouterLoss());
        }
        assertRestoredState(original, restored);
    }

    /** Bit for bit, so that NaN (no router step yet) equals NaN. */
    private static void assertSameDouble(double actual, double expected) {
        assertThat(Double.doubleToRawLongBits(actual))
                .as("%s equals %s", actual, expected)
                .isEqualTo(Double.doubleToRawLongBits(expected));
    }

    private static void assertRestoredState(DriftMoe original, DriftMoe restored) {
        assertThat(restored.config()).isEqualTo(original.config());
        assertThat(restored.numClasses()).isEqualTo(original.numClasses());
        assertThat(restored.learned()).isEqualTo(original.learned());
        assertThat(restored.routedCount()).containsExactly(original.routedCount());
        assertSameDouble(restored.lastRouterLoss(), original.lastRouterLoss());
        assertThat(restored.adam().steps()).isEqualTo(original.adam().steps());
        assertThat(restored.experts()).hasSameSizeAs(original.experts());
        assertThat(restored.bufferX()).hasSameSizeAs(original.bufferX());
        for (int b = 0; b < original.bufferX().size(); b++) {
            assertThat(restored.bufferX().get(b)).containsExactly(original.bufferX().get(b));
            assertThat(restored.bufferMask().get(b)).containsExactly(original.bufferMask().get(b));
        }
        assertThat(CODEC.encode(restored)).isEqualTo(CODEC.encode(original));
    }

    @Test
    void restoresMoeDataInTheMiddleOfAMiniBatch() {
        Sample s = take(NamedStreams.cli("SEA_a", 1), 900);
        DriftMoe original = trained(DriftMoeConfig.data(), s, 300);
        DriftMoe restored = CODEC.decode(CODEC.encode(original));
        // 300 = 256 + 44: one router step taken, 44 instances waiting for the next
        assertThat(original.adam().steps()).isEqualTo(1);
        assertThat(original.bufferX()).hasSize(44);
        assertRestoredState(original, restored);

        continueAndCompare(original, restored, s, 300);
        // both routers stepped at 512 and 768; 900 - 768 instances wait
        assertThat(restored.adam().steps()).isEqualTo(3);
        assertThat(restored.bufferX()).hasSize(132);
    }

    @Test
    void restoresMoeDataBeforeItsFirstRouterStep() {
        Sample s = take(NamedStreams.cli("SEA_a", 1), 400);
        DriftMoe original = trained(DriftMoeConfig.data(), s, 100);
        DriftMoe restored = CODEC.decode(CODEC.encode(original));
        assertThat(restored.adam().steps()).isZero();
        assertThat(restored.bufferX()).hasSize(100);
        assertRestoredState(original, restored);
        continueAndCompare(original, restored, s, 100);
        assertThat(restored.adam().steps()).isEqualTo(1);
    }

    @Test
    void restoresMoeTaskWithItsDropoutGenerator() {
        Sample s = take(NamedStreams.cli("SEA_a", 1), 900);
        DriftMoe original = trained(DriftMoeConfig.task(), s, 300);
        DriftMoe restored = CODEC.decode(CODEC.encode(original));
        assertRestoredState(original, restored);
        // MoE-Task predicts with dropout on, so equal probabilities need equal dropout masks
        continueAndCompare(original, restored, s, 300);
        assertThat(restored.adam().steps()).isEqualTo(900);
        double[] x = s.examples().get(0).x();
        for (int i = 0; i < 5; i++) {
            double[] masks = original.router().forward(x, true).masks();
            assertThat(masks).contains(0.0);
            assertThat(restored.router().forward(x, true).masks()).containsExactly(masks);
        }
    }

    @Test
    void moeTaskWithAnotherDropoutStateDiverges() {
        // guards the check above: the dropout generator's state decides the next prediction
        Sample s = take(NamedStreams.cli("SEA_a", 1), 301);
        DriftMoe original = trained(DriftMoeConfig.task(), s, 300);
        DriftMoe restored = CODEC.decode(CODEC.encode(original));
        restored.router().forward(s.examples().get(0).x(), true);
        Example next = s.examples().get(300);
        assertThat(restored.predictThenLearn(next.x(), next.y()))
                .isNotEqualTo(original.predictThenLearn(next.x(), next.y()));
    }

    /**
     * Bytes written by version 2 (before the improvements existed): MoE-Data after the first 300
     * instances of SEA_a with seed 1, kept as a test resource.
     */
    private static byte[] versionTwoBytes() throws IOException {
        return resource("/codec/driftmoe-data-v2.bin");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DriftMoeCodecTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** Reading old bytes gives the model this build trains on the same 300 instances. */
    private static void assertContinuesLikeAFreshModel(DriftMoe restored) {
        Sample s = take(NamedStreams.cli("SEA_a", 1), 600);
        DriftMoe original = trained(DriftMoeConfig.data(), s, 300);
        assertThat(restored.config()).isEqualTo(original.config());
        assertThat(restored.learned()).isEqualTo(300);
        assertThat(restored.bufferX()).hasSize(44);
        for (Example e : s.examples().subList(300, 600)) {
            assertThat(restored.predictThenLearn(e.x(), e.y()))
                    .containsExactly(original.predictThenLearn(e.x(), e.y()));
        }
        assertSameDouble(restored.lastRouterLoss(), original.lastRouterLoss());
        assertThat(CODEC.encode(restored)).isEqualTo(CODEC.encode(original));
    }

    @Test
    void readsVersionTwoWrittenBeforeTheImprovements() throws IOException {
        byte[] v2 = versionTwoBytes();
        int versionAt = 2 + CODEC.typeName().length();
        assertThat(ByteBuffer.wrap(v2, versionAt, Integer.BYTES).getInt()).isEqualTo(2);
        DriftMoe restored = CODEC.decode(v2);
        assertThat(restored.config().improvements()).isEqualTo(DriftMoeConfig.Improvements.NONE);
        assertThat(restored.lastRouterLoss()).isFinite();
        assertContinuesLikeAFreshModel(restored);
    }

    @Test
    void readsVersionOneWhichLackedTheRouterLoss() throws IOException {
        // version 1 is version 2 without the trailing loss; the version follows the type name
        byte[] v2 = versionTwoBytes();
        byte[] v1 = Arrays.copyOf(v2, v2.length - Double.BYTES);
        ByteBuffer.wrap(v1).putInt(2 + CODEC.typeName().length(), 1);
        DriftMoe restored = CODEC.decode(v1);
        assertThat(restored.lastRouterLoss()).isNaN();
        // the next router step (at 512) brings the loss back
        assertContinuesLikeAFreshModel(restored);
    }

    @Test
    void restoresTheImprovedConfigurationWithItsStatisticsAndDetectors() {
        // STAGGER's concepts share no rule: the flip at 1,500 instances makes ADWIN reset experts
        String flip =
                "ConceptDriftStream -s (generators.STAGGERGenerator -f 1 -i 1) -d"
                        + " (generators.STAGGERGenerator -f 2 -i 1) -p 1500 -w 1";
        Sample s = take(flip, 4000);
        DriftMoe original = trained(DriftMoeConfig.improved(), s, 2500);
        assertThat(original.expertResets()).as("drift resets an expert").isPositive();
        DriftMoe restored = CODEC.decode(CODEC.encode(original));
        assertThat(restored.expertResets()).isEqualTo(original.expertResets());
        assertThat(restored.extras().standardiser().count()).isEqualTo(2500);
        assertRestoredState(original, restored);
        continueAndCompare(original, restored, s, 2500);
    }

    @Test
    void restoresRoutingDropoutWithItsGenerator() {
        // routing draws dropout masks, so equal routes need equal generator states
        Sample s = take(NamedStreams.cli("SEA_a", 1), 900);
        DriftMoeConfig config =
                DriftMoeConfig.data()
                        .withImprovements(
                                new DriftMoeConfig.Improvements(false, false, 0, 1, true));
        DriftMoe original = trained(config, s, 300);
        DriftMoe restored = CODEC.decode(CODEC.encode(original));
        assertThat(restored.config().improvements().routingDropout()).isTrue();
        assertRestoredState(original, restored);
        continueAndCompare(original, restored, s, 300);
    }

    @Test
    void readsVersionThreeWrittenBeforeRoutingDropout() throws IOException {
        // version 3 is version 4 without the routing-dropout flag after the training weight; the
        // version 4 resource of MoE-Task (no improvements, so the flag is off) gives both
        byte[] v4 = resource("/codec/driftmoe-task-v4.bin");
        DriftMoe fromV4 = CODEC.decode(v4);
        DriftMoeConfig c = fromV4.config();
        int versionAt = 2 + CODEC.typeName().length();
        assertThat(ByteBuffer.wrap(v4, versionAt, Integer.BYTES).getInt()).isEqualTo(4);
        int flagAt =
                versionAt
                        + Integer.BYTES
                        + 2
                        + c.variant().name().length()
                        + 5 * Integer.BYTES
                        + 3 * Double.BYTES
                        + 2
                        + c.expert().length()
                        + Long.BYTES
                        + 2
                        + 2 * Double.BYTES;
        assertThat(v4[flagAt]).isZero();
        byte[] v3 = new byte[v4.length - 1];
        System.arraycopy(v4, 0, v3, 0, flagAt);
        System.arraycopy(v4, flagAt + 1, v3, flagAt, v3.length - flagAt);
        ByteBuffer.wrap(v3).putInt(versionAt, 3);
        DriftMoe restored = CODEC.decode(v3);
        assertThat(restored.config()).isEqualTo(c);
        Sample s = take("generators.SEAGenerator -i 4", 900);
        continueAndCompare(fromV4, restored, s, 600);
    }

    @Test
    void encodingIsStableAcrossRoundTrips() {
        for (DriftMoeConfig config :
                List.of(DriftMoeConfig.data(), DriftMoeConfig.task(), DriftMoeConfig.improved())) {
            Sample s = take(NamedStreams.cli("SEA_g", 1), 500);
            DriftMoe model = trained(config, s, 500);
            byte[] bytes = CODEC.encode(model);
            assertThat(CODEC.encode(CODEC.decode(bytes))).isEqualTo(bytes);
        }
    }
}
