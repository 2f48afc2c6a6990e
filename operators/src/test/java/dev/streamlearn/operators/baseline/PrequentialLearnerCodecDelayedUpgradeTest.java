package dev.streamlearn.operators.baseline;

import static dev.streamlearn.operators.CodecFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.CodecFixtures;
import dev.streamlearn.operators.labels.DelayedLabels;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.codec.RawModelCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reads a prequential learner from the bytes that version 4 of its codec wrote (the evaluator and
 * the waiting instances and labels as bare fields, before they had codecs of their own), kept as a
 * test resource: a learner whose labels come late, some before their instance, some never (more
 * instances wait than it keeps), and checks that it predicts, matches labels and counts exactly as
 * the learner that was saved; its re-encoding is the current version and does the same. Regenerate
 * only on purpose, with a build whose codec writes version 4 (a resource is never rewritten by a
 * later version):
 *
 * <pre>
 * mvn -o test -pl operators -DexcludedGroups=none \
 *     -Dtest=PrequentialLearnerCodecDelayedUpgradeTest#regenerateTheVersion4Resources
 * </pre>
 */
class PrequentialLearnerCodecDelayedUpgradeTest {
    private static final String STREAM = "generators.SEAGenerator -i 6";
    private static final int TRAINED = 1_000;
    private static final int PROBES = 60;

    /** Every fourth instance comes unlabelled, its label this many instances later. */
    private static final int DELAY = 20;

    /**
     * One more than the {@code DELAY / 4} late instances that wait at once: an instance whose label
     * never comes waits until the next such one pushes it out.
     */
    private static final int MAX_PENDING = 6;

    private static final String BYTES = "codec/prequential-learner-v4-delayed.bin";
    private static final String GOLDEN = "codec/prequential-learner-v4-delayed.golden.properties";

    private static PrequentialConfig config() {
        PrequentialConfig d = PrequentialConfig.defaults();
        return new PrequentialConfig(d.learner(), 100, d.metricsEvery(), MAX_PENDING);
    }

    /** How instance {@code i}'s label comes. */
    enum Label {
        WITH_IT,
        /** {@link #DELAY} instances later. */
        LATE,
        /** Before the instance. */
        EARLY,
        NEVER;

        static Label of(int i) {
            if (i % 100 == 13) {
                return NEVER;
            }
            if (i % 50 == 7) {
                return EARLY;
            }
            return i % 4 == 1 ? LATE : WITH_IT;
        }
    }

    /**
     * Feeds instances {@code from} to {@code to} with their labels as {@link Label#of} says, and
     * every hundredth time a label whose instance never comes; the labels still due at {@code to}
     * stay in {@code due}. Writes what the learner answers into {@code p} when given.
     */
    private static void feed(
            PrequentialLearner learner,
            LabelledStream stream,
            int from,
            int to,
            Map<Integer, Integer> due,
            Properties p) {
        List<DelayedLabels.EarlyLabel> unmatched = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Example e = stream.next();
            String id = "i" + i;
            Integer late = due.remove(i - DELAY);
            if (late != null) {
                boolean matched = learner.label("i" + (i - DELAY), late, unmatched);
                put(p, "label." + (i - DELAY), Boolean.toString(matched));
            }
            if (i % 100 == 57) {
                learner.label("ghost" + i, e.y(), unmatched);
            }
            Label label = Label.of(i);
            if (label == Label.EARLY) {
                learner.label(id, e.y(), unmatched);
            } else if (label == Label.LATE) {
                due.put(i, e.y());
            }
            double[] proba = learner.testThenTrain(id, e.x(), label == Label.WITH_IT ? e.y() : -1);
            List<String> values = new ArrayList<>();
            for (double v : proba) {
                values.add(Double.toString(v));
            }
            put(p, "proba." + i, String.join(",", values));
        }
        put(p, "unmatched", unmatched.toString());
    }

    private static void put(Properties p, String name, String value) {
        if (p != null) {
            p.setProperty(name, value);
        }
    }

    /** The saved learner's labels still due after training. */
    private static Map<Integer, Integer> dueAfterTraining(LabelledStream stream) {
        Map<Integer, Integer> due = new LinkedHashMap<>();
        for (int i = 0; i < TRAINED; i++) {
            Example e = stream.next();
            due.remove(i - DELAY);
            if (Label.of(i) == Label.LATE) {
                due.put(i, e.y());
            }
        }
        return due;
    }

    /** What the learner does on the next {@link #PROBES} instances and its figures after them. */
    private static Properties probes(
            PrequentialLearner learner, LabelledStream stream, Map<Integer, Integer> due) {
        Properties p = new Properties();
        p.setProperty("saved.pending", Integer.toString(learner.delayed().pending()));
        p.setProperty("saved.early", Integer.toString(learner.delayed().early()));
        p.setProperty("saved.givenUp", Long.toString(learner.delayed().givenUp()));
        feed(learner, stream, TRAINED, TRAINED + PROBES, new LinkedHashMap<>(due), p);
        p.setProperty("after.instances", Long.toString(learner.instances()));
        p.setProperty("after.count", Long.toString(learner.evaluator().count()));
        p.setProperty("after.accuracy", Double.toString(learner.evaluator().accuracy()));
        p.setProperty(
                "after.windowAccuracy", Double.toString(learner.evaluator().windowAccuracy()));
        p.setProperty("after.kappa", Double.toString(learner.evaluator().kappa()));
        p.setProperty("after.windowKappaM", Double.toString(learner.evaluator().windowKappaM()));
        p.setProperty(
                "after.windowKappaTemporal",
                Double.toString(learner.evaluator().windowKappaTemporal()));
        p.setProperty("after.pending", Integer.toString(learner.delayed().pending()));
        p.setProperty("after.givenUp", Long.toString(learner.delayed().givenUp()));
        return p;
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion4Resources() throws IOException {
        PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
        assertThat(codec.currentVersion()).as("only codec version 4 writes it").isEqualTo(4);
        Map<Integer, Integer> due = new LinkedHashMap<>();
        try (LabelledStream stream = MoaGeneratorStream.open(STREAM)) {
            PrequentialLearner learner = PrequentialLearner.create(config(), stream.schema());
            feed(learner, stream, 0, TRAINED, due, null);
            assertThat(learner.delayed().givenUp()).as("some instances were given up").isPositive();
            Path dir = Path.of("src", "test", "resources");
            Files.write(dir.resolve(BYTES), codec.encode(learner));
            Properties probes = probes(learner, stream, due);
            List<String> lines = new ArrayList<>();
            lines.add(
                    "# A PrequentialLearner ("
                            + config()
                            + ") after "
                            + TRAINED
                            + " instances of "
                            + STREAM
                            + " with late, early and lost labels, saved with"
                            + " PrequentialLearnerCodec v4; what it predicts and matches on the"
                            + " next "
                            + PROBES
                            + " and its figures after them.");
            probes.stringPropertyNames().stream()
                    .sorted()
                    .forEach(n -> lines.add(n + "=" + probes.getProperty(n)));
            Files.write(dir.resolve(GOLDEN), lines, StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsVersion4BytesAndGoesOnAsTheSavedLearner() throws IOException {
        byte[] bytes = resource(BYTES);
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(4);
        Properties golden = CodecFixtures.golden(GOLDEN);

        PrequentialLearnerCodec codec = new PrequentialLearnerCodec();
        PrequentialLearner restored = codec.decode(bytes);
        byte[] current = codec.encode(restored);
        assertThat(new RawModelCodec().decode(current).version()).isEqualTo(codec.currentVersion());
        PrequentialLearner reread = codec.decode(current);
        assertThat(codec.encode(reread)).isEqualTo(current);
        for (PrequentialLearner learner : List.of(restored, reread)) {
            try (LabelledStream stream = MoaGeneratorStream.open(STREAM)) {
                Map<Integer, Integer> due = dueAfterTraining(stream);
                assertThat(probes(learner, stream, due)).isEqualTo(golden);
            }
        }
    }
}
