package dev.streamlearn.operators.active;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.codec.RawModelCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reads an active learner from the bytes codec version 1 wrote (the classifier after its family
 * name), kept as a test resource, and checks that it asks and predicts exactly as the learner that
 * was saved; its re-encoding is the current version. Regenerate only on purpose, with a build whose
 * codec writes version 1 (the resource is never rewritten by a later version):
 *
 * <pre>
 * mvn -o test -pl operators -DexcludedGroups=none \
 *     -Dtest=ActiveLearnerCodecUpgradeTest#regenerateTheVersion1Resources
 * </pre>
 */
class ActiveLearnerCodecUpgradeTest {
    private static final String SEA = "generators.SEAGenerator -i 2";
    private static final int TRAINED = 1_000;
    private static final int PROBES = 50;
    private static final String BYTES = "codec/active-learner-v1.bin";
    private static final String GOLDEN = "codec/active-learner-v1.golden.properties";

    private static LabelledStream streamAfterTraining() {
        LabelledStream stream = MoaGeneratorStream.open(SEA);
        for (int i = 0; i < TRAINED; i++) {
            stream.next();
        }
        return stream;
    }

    /** What the learner asks and predicts on the next {@link #PROBES} instances. */
    private static Properties probes(ActiveLearner learner, LabelledStream stream) {
        Properties p = new Properties();
        for (int i = 0; i < PROBES; i++) {
            Example e = stream.next();
            ActiveLearner.Query q = learner.queryThenLearn(e.x(), e.y());
            List<String> values = new ArrayList<>();
            values.add(Boolean.toString(q.requested()));
            for (double v : q.proba()) {
                values.add(Double.toString(v));
            }
            p.setProperty("query." + i, String.join(",", values));
        }
        p.setProperty("after.learned", Long.toString(learner.learned()));
        return p;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ActiveLearnerCodecUpgradeTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion1Resources() throws IOException {
        ActiveLearnerCodec codec = new ActiveLearnerCodec();
        assertThat(codec.currentVersion()).as("only codec version 1 writes it").isEqualTo(1);
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            ActiveLearner learner =
                    ActiveLearner.create(
                            Classifiers.create("trees.HoeffdingTree", stream.schema(), 4),
                            ActiveLearningConfig.of(
                                    StrategyConfig.Kind.VARIABLE_UNCERTAINTY,
                                    BudgetConfig.Kind.CUMULATIVE,
                                    0.2,
                                    21));
            for (int i = 0; i < TRAINED; i++) {
                Example e = stream.next();
                learner.queryThenLearn(e.x(), e.y());
            }
            Path dir = Path.of("src", "test", "resources");
            Files.write(dir.resolve(BYTES), codec.encode(learner));
            Properties golden = probes(learner, stream);
            List<String> lines = new ArrayList<>();
            lines.add(
                    "# An ActiveLearner (variable uncertainty, cumulative budget 0.2, Hoeffding"
                            + " tree) after "
                            + TRAINED
                            + " instances of "
                            + SEA
                            + ", saved with ActiveLearnerCodec v1; what it asks and predicts on"
                            + " the next "
                            + PROBES
                            + ".");
            golden.stringPropertyNames().stream()
                    .sorted()
                    .forEach(n -> lines.add(n + "=" + golden.getProperty(n)));
            Files.write(dir.resolve(GOLDEN), lines, StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsVersion1BytesAndAsksAsTheSavedLearner() throws IOException {
        byte[] bytes = resource(BYTES);
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(1);
        Properties golden = new Properties();
        golden.load(new StringReader(new String(resource(GOLDEN), StandardCharsets.UTF_8)));

        ActiveLearnerCodec codec = new ActiveLearnerCodec();
        ActiveLearner restored = codec.decode(bytes);
        byte[] current = codec.encode(restored);
        assertThat(new RawModelCodec().decode(current).version()).isEqualTo(codec.currentVersion());
        ActiveLearner reread = codec.decode(current);
        try (LabelledStream a = streamAfterTraining();
                LabelledStream b = streamAfterTraining()) {
            assertThat(probes(restored, a)).isEqualTo(golden);
            assertThat(probes(reread, b))
                    .as("after a round trip in the current version")
                    .isEqualTo(golden);
        }
    }
}
