package dev.streamlearn.operators.driftmoe;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads DriftMoE models from the bytes that version 4 of the codec wrote (the router, Adam's
 * moments and the input statistics as bare fields, before they had codecs of their own), kept as
 * test resources, and checks that each predicts, routes and learns exactly as the model that was
 * saved; its re-encoding is the current version and does the same. The routers are small (16 and 8
 * hidden units) to keep the resources small; the improved one routes with dropout, so its
 * generator's state decides its routes. Regenerate only on purpose, with a build whose codec writes
 * version 4 (a resource is never rewritten by a later version):
 *
 * <pre>
 * mvn -o test -pl operators -DexcludedGroups=none \
 *     -Dtest=DriftMoeCodecUpgradeTest#regenerateTheVersion4Resources
 * </pre>
 */
class DriftMoeCodecUpgradeTest {
    private static final int PROBES = 200;

    /** The saved models: a configuration, the stream it learned and how many instances. */
    enum Saved {
        /** Every improvement and routing dropout; STAGGER's flip at 1,500 resets experts. */
        IMPROVED(
                new DriftMoeConfig(
                        DriftMoeConfig.Variant.DATA,
                        4,
                        2,
                        32,
                        2e-3,
                        16,
                        8,
                        0.2,
                        0.8,
                        DriftMoeConfig.EAGER_EXPERT,
                        7,
                        new DriftMoeConfig.Improvements(true, true, 0.002, 6, true)),
                "ConceptDriftStream -s (generators.STAGGERGenerator -f 1 -i 1) -d"
                        + " (generators.STAGGERGenerator -f 2 -i 1) -p 1500 -w 1",
                2_000,
                "codec/driftmoe-improved-v4"),
        /** MoE-Task predicts with dropout on, one step per instance. */
        TASK(
                new DriftMoeConfig(
                        DriftMoeConfig.Variant.TASK,
                        1,
                        1,
                        1,
                        2e-3,
                        16,
                        8,
                        0.2,
                        0.8,
                        DriftMoeConfig.PAPER_EXPERT,
                        3),
                "generators.SEAGenerator -i 4",
                600,
                "codec/driftmoe-task-v4");

        final DriftMoeConfig config;
        final String stream;
        final int trained;
        final String resource;

        Saved(DriftMoeConfig config, String stream, int trained, String resource) {
            this.config = config;
            this.stream = stream;
            this.trained = trained;
            this.resource = resource;
        }

        LabelledStream streamAfterTraining() {
            LabelledStream s = MoaGeneratorStream.open(stream);
            for (int i = 0; i < trained; i++) {
                s.next();
            }
            return s;
        }
    }

    /** What the model predicts (before learning each) on the next {@link #PROBES} instances. */
    private static Properties probes(DriftMoe model, LabelledStream stream) {
        Properties p = new Properties();
        for (int i = 0; i < PROBES; i++) {
            Example e = stream.next();
            p.setProperty("proba." + i, doubles(model.predictThenLearn(e.x(), e.y())));
        }
        p.setProperty("after.learned", Long.toString(model.learned()));
        p.setProperty("after.routed", Arrays.toString(model.routedCount()));
        p.setProperty("after.routerLoss", Double.toString(model.lastRouterLoss()));
        p.setProperty("after.adamSteps", Long.toString(model.adam().steps()));
        p.setProperty("after.expertResets", Long.toString(model.expertResets()));
        return p;
    }

    private static String doubles(double[] values) {
        List<String> s = new ArrayList<>();
        for (double v : values) {
            s.add(Double.toString(v));
        }
        return String.join(",", s);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DriftMoeCodecUpgradeTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    @Tag("regenerate")
    void regenerateTheVersion4Resources(Saved saved) throws IOException {
        DriftMoeCodec codec = new DriftMoeCodec();
        assertThat(codec.currentVersion()).as("only codec version 4 writes it").isEqualTo(4);
        try (LabelledStream stream = MoaGeneratorStream.open(saved.stream)) {
            DriftMoe model = DriftMoe.create(saved.config, stream.schema());
            for (int i = 0; i < saved.trained; i++) {
                Example e = stream.next();
                model.predictThenLearn(e.x(), e.y());
            }
            Path dir = Path.of("src", "test", "resources");
            Files.write(dir.resolve(saved.resource + ".bin"), codec.encode(model));
            Properties probes = probes(model, stream);
            List<String> lines = new ArrayList<>();
            lines.add(
                    "# A DriftMoe ("
                            + saved.name().toLowerCase(java.util.Locale.ROOT)
                            + ") after "
                            + saved.trained
                            + " instances of "
                            + saved.stream
                            + ", saved with DriftMoeCodec v4; what it predicts on the next "
                            + PROBES
                            + " (predict, then learn) and its figures after them.");
            probes.stringPropertyNames().stream()
                    .sorted()
                    .forEach(n -> lines.add(n + "=" + probes.getProperty(n)));
            Files.write(
                    dir.resolve(saved.resource + ".golden.properties"),
                    lines,
                    StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    void readsVersion4BytesAndPredictsAsTheSavedModel(Saved saved) throws IOException {
        byte[] bytes = resource(saved.resource + ".bin");
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(4);
        Properties golden = new Properties();
        golden.load(
                new StringReader(
                        new String(
                                resource(saved.resource + ".golden.properties"),
                                StandardCharsets.UTF_8)));

        DriftMoeCodec codec = new DriftMoeCodec();
        DriftMoe restored = codec.decode(bytes);
        assertThat(restored.config()).isEqualTo(saved.config);
        byte[] current = codec.encode(restored);
        assertThat(new RawModelCodec().decode(current).version()).isEqualTo(codec.currentVersion());
        DriftMoe reread = codec.decode(current);
        assertThat(codec.encode(reread)).isEqualTo(current);
        try (LabelledStream a = saved.streamAfterTraining();
                LabelledStream b = saved.streamAfterTraining()) {
            assertThat(probes(restored, a)).isEqualTo(golden);
            assertThat(probes(reread, b))
                    .as("after a round trip in the current version")
                    .isEqualTo(golden);
        }
    }
}
