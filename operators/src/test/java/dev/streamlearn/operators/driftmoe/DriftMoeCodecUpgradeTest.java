package dev.streamlearn.operators.driftmoe;

import static dev.streamlearn.operators.CodecFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.CodecFixtures;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.codec.RawModelCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads DriftMoE models from the bytes that earlier versions of the codec wrote, kept as test
 * resources, and checks that each predicts, routes and learns exactly as the model that was saved;
 * its re-encoding is the current version and does the same. Version 4 wrote the router, Adam's
 * moments and the input statistics as bare fields, before they had codecs of their own; version 5
 * wrote them in their codecs' envelopes, and the experts and their drift detectors in MOA's nested
 * form. The routers are small (16 and 8 hidden units) to keep the resources small; the improved one
 * routes with dropout, so its generator's state decides its routes. Regenerate only on purpose,
 * with a build whose codec writes the resource's version (a resource is never rewritten by a later
 * version; the version 4 ones were written by the build before version 5):
 *
 * <pre>
 * mvn -o test -pl operators -DexcludedGroups=none \
 *     -Dtest=DriftMoeCodecUpgradeTest#regenerateTheVersion5Resources
 * </pre>
 */
class DriftMoeCodecUpgradeTest {
    private static final int PROBES = 200;

    /** Every improvement and routing dropout; STAGGER's flip at 1,500 resets experts. */
    private static final DriftMoeConfig IMPROVED =
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
                    new DriftMoeConfig.Improvements(true, true, 0.002, 6, true));

    private static final String STAGGER_FLIP =
            "ConceptDriftStream -s (generators.STAGGERGenerator -f 1 -i 1) -d"
                    + " (generators.STAGGERGenerator -f 2 -i 1) -p 1500 -w 1";

    /** MoE-Task predicts with dropout on, one step per instance. */
    private static final DriftMoeConfig TASK =
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
                    3);

    /**
     * The saved models: a configuration, the stream it learned and how many instances, and the
     * codec version that wrote them. The same two models in each version, so the probes of a later
     * version's resource are those of the earlier one.
     */
    enum Saved {
        IMPROVED_V4(IMPROVED, STAGGER_FLIP, 2_000, 4, "codec/driftmoe-improved-v4"),
        TASK_V4(TASK, "generators.SEAGenerator -i 4", 600, 4, "codec/driftmoe-task-v4"),
        IMPROVED_V5(IMPROVED, STAGGER_FLIP, 2_000, 5, "codec/driftmoe-improved-v5"),
        TASK_V5(TASK, "generators.SEAGenerator -i 4", 600, 5, "codec/driftmoe-task-v5");

        final DriftMoeConfig config;
        final String stream;
        final int trained;
        final int version;
        final String resource;

        Saved(DriftMoeConfig config, String stream, int trained, int version, String resource) {
            this.config = config;
            this.stream = stream;
            this.trained = trained;
            this.version = version;
            this.resource = resource;
        }

        String model() {
            return name().substring(0, name().indexOf('_')).toLowerCase(java.util.Locale.ROOT);
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

    @ParameterizedTest
    @EnumSource(
            value = Saved.class,
            names = {"IMPROVED_V5", "TASK_V5"})
    @Tag("regenerate")
    void regenerateTheVersion5Resources(Saved saved) throws IOException {
        DriftMoeCodec codec = new DriftMoeCodec();
        assertThat(codec.currentVersion())
                .as("only codec version %d writes it", saved.version)
                .isEqualTo(saved.version);
        try (LabelledStream stream = MoaGeneratorStream.open(saved.stream)) {
            DriftMoe model = DriftMoe.create(saved.config, stream.schema());
            for (int i = 0; i < saved.trained; i++) {
                Example e = stream.next();
                model.predictThenLearn(e.x(), e.y());
            }
            byte[] bytes = codec.encode(model);
            CodecFixtures.write(
                    saved.resource + ".bin",
                    bytes,
                    saved.resource + ".golden.properties",
                    probes(model, stream),
                    "A DriftMoe ("
                            + saved.model()
                            + ") after "
                            + saved.trained
                            + " instances of "
                            + saved.stream
                            + ", saved with DriftMoeCodec v"
                            + saved.version
                            + "; what it predicts on the next "
                            + PROBES
                            + " (predict, then learn) and its figures after them.");
        }
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    void readsTheSavedBytesAndPredictsAsTheSavedModel(Saved saved) throws IOException {
        byte[] bytes = resource(saved.resource + ".bin");
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(saved.version);
        Properties golden = CodecFixtures.golden(saved.resource + ".golden.properties");

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
