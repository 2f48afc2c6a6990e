package dev.streamlearn.operators.tpp.online;

import static dev.streamlearn.operators.CodecFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.CodecFixtures;
import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.tpp.neural.AttNhpConfig;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.state.codec.RawModelCodec;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads online point-process learners from the bytes that earlier versions of their codec wrote,
 * kept as test resources, and checks that each restored learner goes on as the saved one did: the
 * same configuration, counters and buffered events, and the same next windows trained into the same
 * next versions with the same losses. Version 1 wrote the model as the {@code neural-tpp} envelope
 * in place (no length in front), with a codec of its own. The learner is small (3 types, 8 hidden
 * units, a pool of 4 prompts) to keep the resource small; it is saved with two windows trained, one
 * closed and waiting, and events of the open one buffered. The losses come from PyTorch on the CPU
 * and are compared to a relative 1e-4, the counters exactly; a restored learner and its round trip
 * in the current version train bit for bit alike. Regenerate only on purpose, with a build whose
 * codec writes the resource's version (a resource is never rewritten by a later version):
 *
 * <pre>
 * mvn -o test -pl operators -DexcludedGroups=none \
 *     -Dtest=OnlineTppLearnerCodecUpgradeTest#regenerateTheVersion1Resources
 * </pre>
 */
class OnlineTppLearnerCodecUpgradeTest {
    private static final double LOSS_TOLERANCE = 1e-4;

    /** The saved learners: the codec version that wrote each, and its resource. */
    enum Saved {
        V1(1, "codec/online-tpp-learner-v1");

        final int version;
        final String resource;

        Saved(int version, String resource) {
            this.version = version;
            this.resource = resource;
        }
    }

    private static OnlineTppConfig config() {
        AttNhpConfig model = new AttNhpConfig(3, 8, 8, 2, 2, 5, 4, 2, 2, 0.1, 1e-2, 11);
        return new OnlineTppConfig(
                model, new NeuralTpp.Training(2, 4, 5, 10), 6, 1000, 20_000, 0, 2, 12, null);
    }

    /** The {@code i}-th event of the stream: four entities, three types, 250 to 650 ms apart. */
    private static void add(OnlineTppLearner learner, int i) {
        learner.add("e" + (i % 4), 400L * i + (i * 37 % 5) * 50, (i * 7 + i / 5) % 3);
    }

    /** The events the saved learner had seen. */
    private static final int SEEN = 130;

    /** Trains every closed window but the newest, which stays waiting. */
    private static OnlineTppLearner saved() {
        OnlineTppLearner learner = OnlineTppLearner.create(config());
        for (int i = 0; i < SEEN; i++) {
            add(learner, i);
            if (i % 40 == 39) {
                learner.closeBefore(400L * i);
            }
        }
        while (learner.windowsWaiting() > 1) {
            OnlineTppLearner.Job job = learner.nextJob();
            job.run();
            learner.accept(job);
        }
        return learner;
    }

    /**
     * The learner's figures, then what it does next: the waiting window trained, 80 more events
     * (two more windows closed, at events 159 and 199) and that window trained.
     */
    private static Properties probes(OnlineTppLearner learner) {
        Properties p = new Properties();
        p.setProperty("version", Long.toString(learner.version()));
        p.setProperty("trainedUntil", Long.toString(learner.trainedUntil()));
        p.setProperty("windowsTrained", Long.toString(learner.windowsTrained()));
        p.setProperty("windowsWaiting", Integer.toString(learner.windowsWaiting()));
        p.setProperty("eventsBuffered", Integer.toString(learner.eventsBuffered()));
        int step = 0;
        step = trainWaiting(learner, p, step);
        for (int i = SEEN; i < SEEN + 80; i++) {
            add(learner, i);
            if (i % 40 == 39) {
                learner.closeBefore(400L * i);
            }
        }
        trainWaiting(learner, p, step);
        p.setProperty("after.version", Long.toString(learner.version()));
        p.setProperty("after.trainedUntil", Long.toString(learner.trainedUntil()));
        p.setProperty("after.eventsBuffered", Integer.toString(learner.eventsBuffered()));
        return p;
    }

    private static int trainWaiting(OnlineTppLearner learner, Properties p, int step) {
        for (OnlineTppLearner.Job job = learner.nextJob(); job != null; job = learner.nextJob()) {
            List<Double> losses = job.run();
            String at = "job." + step++ + ".";
            p.setProperty(at + "windowEnd", Long.toString(job.windowEnd()));
            p.setProperty(at + "events", Integer.toString(job.events()));
            p.setProperty(at + "sequences", Integer.toString(job.sequences()));
            for (int e = 0; e < losses.size(); e++) {
                p.setProperty(at + "loss." + e, Double.toString(losses.get(e)));
            }
            p.setProperty(at + "accepted", Long.toString(learner.accept(job)));
        }
        return step;
    }

    @ParameterizedTest
    @EnumSource(
            value = Saved.class,
            names = {"V1"})
    @Tag("regenerate")
    void regenerateTheVersion1Resources(Saved saved) throws IOException {
        OnlineTppLearnerCodec codec = new OnlineTppLearnerCodec();
        assertThat(codec.currentVersion())
                .as("only codec version %d writes it", saved.version)
                .isEqualTo(saved.version);
        try (OnlineTppLearner learner = saved()) {
            CodecFixtures.write(
                    saved.resource + ".bin",
                    codec.encode(learner),
                    saved.resource + ".golden.properties",
                    probes(learner),
                    "An online TPP learner after "
                            + SEEN
                            + " events (two windows trained, one waiting, the open one's events"
                            + " buffered), saved with OnlineTppLearnerCodec v"
                            + saved.version
                            + "; its figures, then the losses and versions of the next windows"
                            + " it trains.");
        }
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    void readsTheSavedBytesAndTrainsOnAsTheSavedLearner(Saved saved) throws IOException {
        byte[] bytes = resource(saved.resource + ".bin");
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(saved.version);
        Properties golden = CodecFixtures.golden(saved.resource + ".golden.properties");

        OnlineTppLearnerCodec codec = new OnlineTppLearnerCodec();
        try (OnlineTppLearner restored = ModelCodecs.ALL.decode(bytes, OnlineTppLearner.class)) {
            assertThat(restored.config()).isEqualTo(config());
            byte[] current = codec.encode(restored);
            assertThat(new RawModelCodec().decode(current).version())
                    .isEqualTo(codec.currentVersion());
            try (OnlineTppLearner reread = codec.decode(current)) {
                assertThat(codec.encode(reread)).isEqualTo(current);
                Properties a = probes(restored);
                Properties b = probes(reread);
                assertThat(b).as("after a round trip in the current version").isEqualTo(a);
                assertMatches(a, golden);
            }
        }
    }

    /** The same keys; losses within {@link #LOSS_TOLERANCE}, relative; the rest exactly. */
    private static void assertMatches(Properties actual, Properties golden) {
        assertThat(actual.stringPropertyNames()).isEqualTo(golden.stringPropertyNames());
        for (String key : golden.stringPropertyNames()) {
            String expected = golden.getProperty(key);
            if (key.contains(".loss.")) {
                double e = Double.parseDouble(expected);
                assertThat(Double.parseDouble(actual.getProperty(key)))
                        .as(key)
                        .isCloseTo(e, Offset.offset(Math.abs(e) * LOSS_TOLERANCE));
            } else {
                assertThat(actual.getProperty(key)).as(key).isEqualTo(expected);
            }
        }
    }
}
