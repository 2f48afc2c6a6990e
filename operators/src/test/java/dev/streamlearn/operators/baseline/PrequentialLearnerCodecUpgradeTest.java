package dev.streamlearn.operators.baseline;

import static dev.streamlearn.operators.CodecFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.CodecFixtures;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.codec.MoaLearnerCodec;
import dev.streamlearn.state.codec.RawModelCodec;
import dev.streamlearn.state.codec.RawModelCodec.RawModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reads a baseline learner from bytes that earlier codec versions wrote, kept as test resources,
 * and checks that it predicts and learns exactly as the learner that was saved: version 1 (MOA
 * learner in Java serialization) and version 2 with the MOA learner codec's version 2 nested (Kryo
 * with class names).
 *
 * <p>When a codec moves to a new version, this test must keep passing on the older bytes: a
 * resource is never regenerated for a new codec version (add a resource and test next to it
 * instead). Regenerate only on purpose: after a MOA upgrade that cannot read the older MOA's
 * learners (which breaks savepoints too, and must be announced as such), with a build whose codecs
 * write that version:
 *
 * <pre>
 * mvn -o test -pl operators -DexcludedGroups=none \
 *     -Dtest=PrequentialLearnerCodecUpgradeTest#regenerateTheVersion1Resources
 * </pre>
 */
class PrequentialLearnerCodecUpgradeTest {

    private static final String STREAM = "generators.SEAGenerator -i 3";
    private static final int TRAINED = 2_000;
    private static final int PROBES = 20;
    private static final double TOLERANCE = 1e-12;

    private static final String BYTES = "codec/prequential-learner-v1.bin";
    private static final String GOLDEN = "codec/prequential-learner-v1.golden.properties";
    private static final String BYTES_V2 = "codec/prequential-learner-v2-moa-v2.bin";
    private static final String GOLDEN_V2 = "codec/prequential-learner-v2-moa-v2.golden.properties";
    private static final String BYTES_V3 = "codec/prequential-learner-v3-moa-v3.bin";
    private static final String GOLDEN_V3 = "codec/prequential-learner-v3-moa-v3.golden.properties";
    private static final Path RESOURCES = Path.of("src", "test", "resources");

    /** The figures of a learner and the probabilities it gives the next {@link #PROBES}. */
    private static Properties figures(PrequentialLearner learner, LabelledStream stream) {
        Properties p = new Properties();
        p.setProperty("saved.instances", Long.toString(learner.instances()));
        p.setProperty("saved.version", Long.toString(learner.version()));
        p.setProperty("saved.accuracy", Double.toString(learner.evaluator().accuracy()));
        p.setProperty(
                "saved.windowAccuracy", Double.toString(learner.evaluator().windowAccuracy()));
        p.setProperty("saved.kappa", Double.toString(learner.evaluator().kappa()));
        for (int i = 0; i < PROBES; i++) {
            Example e = stream.next();
            // predicted, then learned: the restored learner must go on learning identically
            double[] proba = learner.testThenTrain(e.x(), e.y());
            List<String> values = new ArrayList<>();
            for (double v : proba) {
                values.add(Double.toString(v));
            }
            p.setProperty("proba." + i, String.join(",", values));
        }
        p.setProperty("after.instances", Long.toString(learner.instances()));
        p.setProperty("after.accuracy", Double.toString(learner.evaluator().accuracy()));
        p.setProperty(
                "after.windowAccuracy", Double.toString(learner.evaluator().windowAccuracy()));
        p.setProperty("after.kappa", Double.toString(learner.evaluator().kappa()));
        return p;
    }

    /** The SEA stream after the instances the saved learner was trained on. */
    private static LabelledStream streamAfterTraining() {
        LabelledStream stream = MoaGeneratorStream.open(STREAM);
        for (int i = 0; i < TRAINED; i++) {
            stream.next();
        }
        return stream;
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion1Resources() throws IOException {
        assertThat(new PrequentialLearnerCodec().currentVersion())
                .as("the v1 resource is only ever written by codec version 1")
                .isEqualTo(1);
        regenerate(BYTES, GOLDEN, "PrequentialLearnerCodec v1");
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion2Resources() throws IOException {
        assertThat(new PrequentialLearnerCodec().currentVersion())
                .as("the v2 resource is only ever written by codec version 2")
                .isEqualTo(2);
        assertThat(new MoaLearnerCodec<>(MoaClassifier.class).currentVersion())
                .as("with MOA learner codec version 2 nested")
                .isEqualTo(2);
        regenerate(BYTES_V2, GOLDEN_V2, "PrequentialLearnerCodec v2 (MoaLearnerCodec v2 nested)");
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion3Resources() throws IOException {
        assertThat(new PrequentialLearnerCodec().currentVersion())
                .as("the v3 resource is only ever written by codec version 3")
                .isEqualTo(3);
        assertThat(new MoaLearnerCodec<>(MoaClassifier.class).currentVersion())
                .as("with MOA learner codec version 3 nested")
                .isEqualTo(3);
        regenerate(
                BYTES_V3,
                GOLDEN_V3,
                "PrequentialLearnerCodec v3 (the classifier after its family name, MoaLearnerCodec"
                        + " v3 nested)");
    }

    private static void regenerate(String bytesName, String goldenName, String writer)
            throws IOException {
        PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
        Properties golden;
        byte[] bytes;
        try (LabelledStream stream = MoaGeneratorStream.open(STREAM)) {
            PrequentialLearner learner =
                    PrequentialLearner.create(PrequentialConfig.defaults(), stream.schema());
            for (int i = 0; i < TRAINED; i++) {
                Example e = stream.next();
                learner.testThenTrain(e.x(), e.y());
            }
            bytes = codec.encode(learner);
            golden = figures(learner, stream);
        }
        Path dir = RESOURCES.resolve("codec");
        Files.createDirectories(dir);
        Files.write(RESOURCES.resolve(bytesName), bytes);
        List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        "# A PrequentialLearner (%s) trained on %d instances of %s, saved with"
                                + " %s as %s;",
                        PrequentialConfig.defaults(),
                        TRAINED,
                        STREAM,
                        writer,
                        Path.of(bytesName).getFileName()));
        lines.add(
                "# its figures, then the probabilities it gives the next "
                        + PROBES
                        + " instances (each then learned) and its figures after them.");
        lines.add("# Written by PrequentialLearnerCodecUpgradeTest#regenerate.");
        golden.stringPropertyNames().stream()
                .sorted()
                .forEach(name -> lines.add(name + "=" + golden.getProperty(name)));
        Files.write(RESOURCES.resolve(goldenName), lines, StandardCharsets.UTF_8);
    }

    @Test
    void theEnvelopeSaysPrequentialLearnerVersion1() throws IOException {
        RawModel raw = new RawModelCodec().decode(resource(BYTES));
        assertThat(raw.typeName()).isEqualTo("prequential-learner");
        assertThat(raw.version()).isEqualTo(1);
    }

    @Test
    void readsVersion1BytesAndPredictsAsTheSavedLearner() throws IOException {
        assertPredictsAsSaved(BYTES, GOLDEN);
    }

    @Test
    void theEnvelopeSaysPrequentialLearnerVersion2WithMoaVersion2Nested() throws IOException {
        byte[] bytes = resource(BYTES_V2);
        RawModel raw = new RawModelCodec().decode(bytes);
        assertThat(raw.typeName()).isEqualTo("prequential-learner");
        assertThat(raw.version()).isEqualTo(2);
        // the MOA learner's own format version follows its family name
        byte[] family = "moa".getBytes(StandardCharsets.UTF_8);
        int at = -1;
        for (int i = 0; i + family.length + 6 <= bytes.length && at < 0; i++) {
            if (bytes[i] == 0
                    && bytes[i + 1] == family.length
                    && Arrays.equals(bytes, i + 2, i + 2 + family.length, family, 0, 3)) {
                at = i + 2 + family.length;
            }
        }
        assertThat(at).as("the nested MOA family").isPositive();
        assertThat(ByteBuffer.wrap(bytes, at, 4).getInt()).isEqualTo(2);
    }

    @Test
    void readsVersion2BytesWithMoaVersion2NestedAndPredictsAsTheSavedLearner() throws IOException {
        assertPredictsAsSaved(BYTES_V2, GOLDEN_V2);
    }

    @Test
    void readsVersion3BytesWithTheClassifierAfterItsFamilyName() throws IOException {
        RawModel raw = new RawModelCodec().decode(resource(BYTES_V3));
        assertThat(raw.version()).isEqualTo(3);
        assertPredictsAsSaved(BYTES_V3, GOLDEN_V3);
    }

    @Test
    void writesTheCurrentVersionWithTheClassifierInItsOwnEnvelope() throws IOException {
        PrequentialLearner learner = new PrequentialLearnerCodec().decode(resource(BYTES_V3));
        byte[] current = new PrequentialLearnerCodec().encode(learner);
        assertThat(new RawModelCodec().decode(current).version())
                .isEqualTo(new PrequentialLearnerCodec().currentVersion());
        // the nested classifier now starts with its codec's type tag, not a family name
        String tag = "moa:" + MoaClassifier.class.getName();
        assertThat(new String(current, StandardCharsets.ISO_8859_1)).contains(tag);
        PrequentialLearner back = new PrequentialLearnerCodec().decode(current);
        assertThat(new PrequentialLearnerCodec().encode(back)).isEqualTo(current);
    }

    @Test
    void aLearnerReadFromVersion2IsWrittenInTheCurrentVersionsAndPredictsAsTheSavedLearner()
            throws IOException {
        PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
        byte[] current = codec.encode(codec.decode(resource(BYTES_V2)));
        assertPredictsAsSaved(current, GOLDEN_V2);
    }

    private static void assertPredictsAsSaved(String bytes, String golden) throws IOException {
        assertPredictsAsSaved(resource(bytes), golden);
    }

    private static void assertPredictsAsSaved(byte[] bytes, String goldenName) throws IOException {
        Properties golden = CodecFixtures.golden(goldenName);
        PrequentialLearner restored = new PrequentialLearnerCodec().decode(bytes);

        Properties actual;
        try (LabelledStream stream = streamAfterTraining()) {
            actual = figures(restored, stream);
        }
        assertThat(actual.stringPropertyNames()).isEqualTo(golden.stringPropertyNames());
        assertThat(actual.getProperty("saved.instances")).isEqualTo(Integer.toString(TRAINED));
        for (String name : golden.stringPropertyNames()) {
            double[] want = numbers(golden.getProperty(name));
            double[] got = numbers(actual.getProperty(name));
            assertThat(got).as(name).hasSameSizeAs(want);
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).as("%s[%s]", name, i).isCloseTo(want[i], within(TOLERANCE));
            }
        }
    }

    private static double[] numbers(String csv) {
        String[] parts = csv.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }
}
