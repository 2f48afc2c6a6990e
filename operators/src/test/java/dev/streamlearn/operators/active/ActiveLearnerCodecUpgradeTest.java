package dev.streamlearn.operators.active;

import static dev.streamlearn.operators.CodecFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.CodecFixtures;
import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.codec.RawModelCodec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reads active learners from the bytes older codec versions wrote, kept as test resources, and
 * checks that each asks and predicts exactly as the learner that was saved; its re-encoding is the
 * current version. Version 1 wrote the classifier after its family name; version 3 a guard without
 * its least rate, so the share stays as it was (0.2 at b = 0.01, where today's default grows it to
 * 0.4). Version 4 wrote the strategy's, the budget manager's and the guard's state inline, before
 * they had codecs of their own: its two learners (the operator's default guard with the
 * latency-aware utility; one of them under Split and the windowed budget) were saved while requests
 * waited for their answers, which the restored learner learns as they come. Regenerate only on
 * purpose, with a build whose codec writes that version (a resource is never rewritten by a later
 * version):
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
    private static final String BYTES_V3 = "codec/active-learner-v3.bin";
    private static final String GOLDEN_V3 = "codec/active-learner-v3.golden.properties";
    private static final int DELAY = 40;
    private static final int DELAYED_PROBES = 120;
    private static final String BYTES_V4 = "codec/active-learner-v4-guarded.bin";
    private static final String GOLDEN_V4 = "codec/active-learner-v4-guarded.golden.properties";
    private static final String BYTES_V4_SPLIT = "codec/active-learner-v4-split.bin";
    private static final String GOLDEN_V4_SPLIT = "codec/active-learner-v4-split.golden.properties";

    /** A requested label, answered {@link #DELAY} instances after its instance. */
    private record Due(int at, Example example) {}

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
            p.setProperty("query." + i, line(q, false));
        }
        p.setProperty("after.learned", Long.toString(learner.learned()));
        return p;
    }

    /**
     * A query as a golden line: asked, then (with the guard's figures) unbiased and utility, then
     * the probabilities.
     */
    private static String line(ActiveLearner.Query q, boolean guardFigures) {
        List<String> values = new ArrayList<>();
        values.add(Boolean.toString(q.requested()));
        if (guardFigures) {
            values.add(Boolean.toString(q.unbiased()));
            values.add(Double.toString(q.utility()));
        }
        for (double v : q.proba()) {
            values.add(Double.toString(v));
        }
        return String.join(",", values);
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion1Resources() throws IOException {
        regenerate(
                1,
                ActiveLearningConfig.of(
                        StrategyConfig.Kind.VARIABLE_UNCERTAINTY,
                        BudgetConfig.Kind.CUMULATIVE,
                        0.2,
                        21),
                "variable uncertainty, cumulative budget 0.2",
                BYTES,
                GOLDEN);
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion3Resources() throws IOException {
        regenerate(
                3,
                ActiveLearningConfig.of(
                                StrategyConfig.Kind.VARIABLE_UNCERTAINTY,
                                BudgetConfig.Kind.BIQF,
                                0.01,
                                21)
                        .withGuard(new BiasGuardConfig(BiasGuardConfig.Kind.SHARE_DDM, 0.2)),
                "variable uncertainty, quantile filter at 0.01, guard share-ddm 0.2",
                BYTES_V3,
                GOLDEN_V3);
    }

    private static void regenerate(
            int version, ActiveLearningConfig config, String what, String bytes, String golden)
            throws IOException {
        ActiveLearnerCodec codec = new ActiveLearnerCodec();
        assertThat(codec.currentVersion())
                .as("only codec version %d writes it", version)
                .isEqualTo(version);
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            ActiveLearner learner =
                    ActiveLearner.create(
                            Classifiers.create("trees.HoeffdingTree", stream.schema(), 4), config);
            for (int i = 0; i < TRAINED; i++) {
                Example e = stream.next();
                learner.queryThenLearn(e.x(), e.y());
            }
            byte[] saved = codec.encode(learner);
            CodecFixtures.write(
                    bytes,
                    saved,
                    golden,
                    probes(learner, stream),
                    "An ActiveLearner ("
                            + what
                            + ", Hoeffding tree) after "
                            + TRAINED
                            + " instances of "
                            + SEA
                            + ", saved with ActiveLearnerCodec v"
                            + version
                            + "; what it asks and predicts on the next "
                            + PROBES
                            + ".");
        }
    }

    /** The operator's default guard with the latency-aware utility on, labels 40 instances late. */
    private static ActiveLearningConfig guardedLatencyAware() {
        return ActiveLearningConfig.guarded()
                .withSeed(21)
                .withLatencyAware(ActiveLearningConfig.DEFAULT_LATENCY_BANDWIDTH);
    }

    /** Split under the windowed budget at 0.05, the default guard, latency-aware, late labels. */
    private static ActiveLearningConfig splitWindowedLatencyAware() {
        return guardedLatencyAware()
                .withStrategy(StrategyConfig.of(StrategyConfig.Kind.SPLIT))
                .withBudget(BudgetConfig.of(BudgetConfig.Kind.WINDOWED, 0.05));
    }

    /**
     * Instance {@code t} of the stream: first the labels due at {@code t} are learned (those asked
     * {@link #DELAY} instances before), then the instance is queried; a request is answered later.
     */
    private static ActiveLearner.Query delayedStep(
            ActiveLearner learner, int t, Example e, ArrayDeque<Due> due) {
        while (!due.isEmpty() && due.peekFirst().at() <= t) {
            Example answered = due.removeFirst().example();
            learner.learn(answered.x(), answered.y());
        }
        ActiveLearner.Query q = learner.query(e.x());
        if (q.requested()) {
            due.addLast(new Due(t + DELAY, e));
        }
        return q;
    }

    /**
     * What the learner asks, scores and predicts on the next {@link #DELAYED_PROBES} instances of
     * {@code stream}, learning the labels of {@code due} and of its own requests as they come.
     */
    private static Properties delayedProbes(
            ActiveLearner learner, LabelledStream stream, ArrayDeque<Due> due) {
        Properties p = new Properties();
        for (int i = 0; i < DELAYED_PROBES; i++) {
            ActiveLearner.Query q = delayedStep(learner, TRAINED + i, stream.next(), due);
            p.setProperty("query." + i, line(q, true));
        }
        p.setProperty("after.learned", Long.toString(learner.learned()));
        p.setProperty("after.requested", Long.toString(learner.requested()));
        p.setProperty("after.drifts", Long.toString(learner.driftsDetected()));
        return p;
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion4Resources() throws IOException {
        regenerateDelayed(
                guardedLatencyAware(),
                "variable uncertainty, cumulative budget 0.1, guard share-ddm 0.2 grown to 0.004"
                        + " labels per instance, latency-aware 0.25",
                BYTES_V4,
                GOLDEN_V4);
        regenerateDelayed(
                splitWindowedLatencyAware(),
                "split, windowed budget 0.05, guard share-ddm 0.2 grown to 0.004 labels per"
                        + " instance, latency-aware 0.25",
                BYTES_V4_SPLIT,
                GOLDEN_V4_SPLIT);
    }

    private static void regenerateDelayed(
            ActiveLearningConfig config, String what, String bytes, String golden)
            throws IOException {
        ActiveLearnerCodec codec = new ActiveLearnerCodec();
        assertThat(codec.currentVersion()).as("only codec version 4 writes it").isEqualTo(4);
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            ActiveLearner learner =
                    ActiveLearner.create(
                            Classifiers.create("trees.HoeffdingTree", stream.schema(), 4), config);
            ArrayDeque<Due> due = new ArrayDeque<>();
            for (int t = 0; t < TRAINED; t++) {
                delayedStep(learner, t, stream.next(), due);
            }
            assertThat(due).as("requests whose answer is pending at the save").isNotEmpty();
            List<String> pending = new ArrayList<>();
            for (Due d : due) {
                pending.add(Integer.toString(d.at() - DELAY));
            }
            byte[] saved = codec.encode(learner);
            Properties probes = delayedProbes(learner, stream, due);
            probes.setProperty("saved.pending", String.join(",", pending));
            CodecFixtures.write(
                    bytes,
                    saved,
                    golden,
                    probes,
                    "An ActiveLearner ("
                            + what
                            + ", Hoeffding tree) after "
                            + TRAINED
                            + " instances of "
                            + SEA
                            + " with labels answered "
                            + DELAY
                            + " instances after their request, saved with ActiveLearnerCodec v4"
                            + " while the requests of saved.pending (instance indices) wait for"
                            + " their answer; what it asks (requested, unbiased, utility) and"
                            + " predicts on the next "
                            + DELAYED_PROBES
                            + ", learning those answers as they come.");
        }
    }

    @Test
    void readsVersion4BytesWithPendingRequestsAndAsksAsTheSavedLearner() throws IOException {
        readsDelayedAndAsksAsTheSavedLearner(BYTES_V4, GOLDEN_V4, guardedLatencyAware());
    }

    @Test
    void readsVersion4BytesOfSplitUnderAWindowedBudget() throws IOException {
        readsDelayedAndAsksAsTheSavedLearner(
                BYTES_V4_SPLIT, GOLDEN_V4_SPLIT, splitWindowedLatencyAware());
    }

    private static void readsDelayedAndAsksAsTheSavedLearner(
            String bytesName, String goldenName, ActiveLearningConfig config) throws IOException {
        byte[] bytes = resource(bytesName);
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(4);
        Properties golden = CodecFixtures.golden(goldenName);
        List<Integer> pending = new ArrayList<>();
        for (String index : golden.getProperty("saved.pending").split(",")) {
            pending.add(Integer.parseInt(index));
        }
        golden.remove("saved.pending");

        ActiveLearnerCodec codec = new ActiveLearnerCodec();
        ActiveLearner restored = codec.decode(bytes);
        assertThat(restored.config()).isEqualTo(config);
        byte[] current = codec.encode(restored);
        assertThat(new RawModelCodec().decode(current).version()).isEqualTo(codec.currentVersion());
        ActiveLearner reread = codec.decode(current);
        try (LabelledStream a = MoaGeneratorStream.open(SEA);
                LabelledStream b = MoaGeneratorStream.open(SEA)) {
            assertThat(delayedProbes(restored, a, dueAtTheSave(a, pending))).isEqualTo(golden);
            assertThat(delayedProbes(reread, b, dueAtTheSave(b, pending)))
                    .as("after a round trip in the current version")
                    .isEqualTo(golden);
        }
    }

    /** Skips the trained instances of a fresh stream, keeping those whose answer is pending. */
    private static ArrayDeque<Due> dueAtTheSave(LabelledStream stream, List<Integer> pending) {
        ArrayDeque<Due> due = new ArrayDeque<>();
        for (int t = 0; t < TRAINED; t++) {
            Example e = stream.next();
            if (pending.contains(t)) {
                due.addLast(new Due(t + DELAY, e));
            }
        }
        assertThat(due).hasSize(pending.size());
        return due;
    }

    @Test
    void readsVersion1BytesAndAsksAsTheSavedLearner() throws IOException {
        readsAndAsksAsTheSavedLearner(1, BYTES, GOLDEN);
    }

    @Test
    void readsVersion3BytesAndKeepsTheSavedShare() throws IOException {
        ActiveLearner restored = readsAndAsksAsTheSavedLearner(3, BYTES_V3, GOLDEN_V3);
        assertThat(restored.guardShare()).isEqualTo(0.2);
        assertThat(restored.config().guard().minRate()).isZero();
    }

    private static ActiveLearner readsAndAsksAsTheSavedLearner(
            int version, String bytesName, String goldenName) throws IOException {
        byte[] bytes = resource(bytesName);
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(version);
        Properties golden = CodecFixtures.golden(goldenName);

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
        return codec.decode(bytes);
    }
}
