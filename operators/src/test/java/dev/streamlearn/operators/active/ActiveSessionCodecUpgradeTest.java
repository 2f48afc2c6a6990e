package dev.streamlearn.operators.active;

import static dev.streamlearn.operators.CodecFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.CodecFixtures;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.codec.RawModelCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reads an active session from the bytes codec version 1 wrote (the evaluator and the requests
 * without envelopes, the learner after its codec's version), kept as a test resource, and checks
 * that it asks, answers and scores exactly as the session that was saved; its re-encoding is the
 * current version. The session has open, answered, expired and late requests and answers to ids
 * never asked, and the operator's default guard. Regenerate only on purpose, with a build whose
 * codec writes version 1:
 *
 * <pre>
 * mvn -o test -pl operators -DexcludedGroups=none \
 *     -Dtest=ActiveSessionCodecUpgradeTest#regenerateTheVersion1Resources
 * </pre>
 */
class ActiveSessionCodecUpgradeTest {
    private static final String SEA = "generators.SEAGenerator -i 6";
    private static final int SEEN = 1_500;
    private static final int PROBES = 80;
    private static final int ANSWER_AFTER = 50;
    private static final int DEADLINE = 120;
    private static final int ANSWER_LATE = 150;
    private static final String BYTES = "codec/active-session-v1.bin";
    private static final String GOLDEN = "codec/active-session-v1.golden.properties";

    /**
     * Instance i at time i, its truth known for even i; the answer of instance i - 50 comes at i
     * (an unknown id when it was not asked) but for every fourth instance, whose answer comes 150
     * after it, when its request has expired (120 after its instance): late.
     */
    private static void step(ActiveSession s, int i, Example e, List<Object> log) {
        ActiveLearner.Query q = s.instance("i" + i, e.x(), i % 2 == 0 ? e.y() : -1, i + DEADLINE);
        if (log != null) {
            List<String> values = new ArrayList<>();
            values.add(Boolean.toString(q.requested()));
            for (double v : q.proba()) {
                values.add(Double.toString(v));
            }
            log.add(String.join(",", values));
        }
        s.expire(i);
        List<Integer> answered = new ArrayList<>();
        if (i >= ANSWER_AFTER && (i - ANSWER_AFTER) % 4 != 1) {
            answered.add(i - ANSWER_AFTER);
        }
        if (i >= ANSWER_LATE && (i - ANSWER_LATE) % 4 == 1) {
            answered.add(i - ANSWER_LATE);
        }
        for (int a : answered) {
            Object outcome = s.label("i" + a, e.y());
            if (log != null) {
                log.add(outcome);
            }
        }
    }

    private static ActiveSession fresh(LabelledStream stream) {
        return ActiveSession.create(
                ActiveOperatorConfig.defaults()
                        .withLearner("bayes.NaiveBayes")
                        .withActive(ActiveLearningConfig.guarded())
                        .withMaxAwaiting(40),
                stream.schema());
    }

    /** What the session does on the next {@link #PROBES} instances, and its figures after. */
    private static Properties probes(ActiveSession s, LabelledStream stream) {
        List<Object> log = new ArrayList<>();
        for (int i = SEEN; i < SEEN + PROBES; i++) {
            step(s, i, stream.next(), log);
        }
        Properties p = new Properties();
        for (int i = 0; i < log.size(); i++) {
            p.setProperty(String.format("step.%03d", i), String.valueOf(log.get(i)));
        }
        p.setProperty(
                "after",
                List.of(
                                s.instances(),
                                s.learner().learned(),
                                s.learner().requested(),
                                s.requests().received(),
                                s.requests().expired(),
                                s.requests().late(),
                                s.requests().unknown(),
                                s.requests().awaiting(),
                                s.evaluator().accuracy())
                        .toString());
        return p;
    }

    private static LabelledStream streamAfterSaving() {
        LabelledStream stream = MoaGeneratorStream.open(SEA);
        for (int i = 0; i < SEEN; i++) {
            stream.next();
        }
        return stream;
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion1Resources() throws IOException {
        ActiveSessionCodec codec = new ActiveSessionCodec();
        assertThat(codec.currentVersion()).as("only codec version 1 writes it").isEqualTo(1);
        try (LabelledStream stream = MoaGeneratorStream.open(SEA)) {
            ActiveSession s = fresh(stream);
            for (int i = 0; i < SEEN; i++) {
                step(s, i, stream.next(), null);
            }
            Path dir = Path.of("src", "test", "resources");
            Files.write(dir.resolve(BYTES), codec.encode(s));
            Properties golden = probes(s, stream);
            List<String> lines = new ArrayList<>();
            lines.add(
                    "# An ActiveSession (the operator's default guard, Naive Bayes, at most 40"
                            + " requests waiting) after "
                            + SEEN
                            + " instances of "
                            + SEA
                            + ", saved with ActiveSessionCodec v1; what it does on the next "
                            + PROBES
                            + ".");
            golden.stringPropertyNames().stream()
                    .sorted()
                    .forEach(n -> lines.add(n + "=" + golden.getProperty(n)));
            Files.write(dir.resolve(GOLDEN), lines, StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsVersion1BytesAndGoesOnAsTheSavedSession() throws IOException {
        byte[] bytes = resource(BYTES);
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(1);
        Properties golden = CodecFixtures.golden(GOLDEN);
        ActiveSessionCodec codec = new ActiveSessionCodec();
        ActiveSession restored = codec.decode(bytes);
        assertThat(restored.requests().awaiting()).as("requests open when saved").isPositive();
        assertThat(restored.requests().expired()).as("requests expired before").isPositive();
        assertThat(restored.requests().late()).as("answers after expiry").isPositive();
        byte[] current = codec.encode(restored);
        assertThat(new RawModelCodec().decode(current).version()).isEqualTo(codec.currentVersion());
        ActiveSession reread = codec.decode(current);
        assertThat(codec.encode(reread)).as("re-encoded the same").isEqualTo(current);
        try (LabelledStream a = streamAfterSaving();
                LabelledStream b = streamAfterSaving()) {
            assertThat(probes(restored, a)).isEqualTo(golden);
            assertThat(probes(reread, b))
                    .as("after a round trip in the current version")
                    .isEqualTo(golden);
        }
    }
}
