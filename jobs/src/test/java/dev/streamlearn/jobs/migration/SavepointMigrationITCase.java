package dev.streamlearn.jobs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.jobs.PrequentialJob;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every savepoint frozen by an earlier release ({@code savepoints/<release>/<case>/}, written by
 * {@link SavepointGeneratorTest}) must restore into this build's job and make it go on exactly as
 * it did when it was frozen. For each case: on a fresh broker (one per release folder, shared by
 * its cases) with fresh topics, the input the generator fed is produced again, the same records in
 * the same order (so the offsets match those in the savepoint); the job, built by its {@code wire}
 * as users build it, is restored from a copy of the savepoint with no state left unclaimed (an
 * operator uid that disappeared fails the restore); the input after the savepoint is fed phase by
 * phase as the generator fed it; and what the job committed ({@code read_committed}) must equal
 * {@code expected-after-restore.jsonl} record for record.
 *
 * <p>What is compared: the Kafka key and the whole JSON value of every output record (predictions
 * with their probabilities and model versions, label requests, actions, metrics and dead letters
 * with their reasons), none of their fields left out: the only time fields of the records ({@code
 * ts}, {@code deadline}, the dead letters' {@code timestamp}) come from the input's timestamps,
 * never from the clock, because every input record carries a fixed Kafka timestamp and every
 * instance its {@code ts}. What is not compared: the Kafka metadata of the output records (offsets,
 * which count one transaction marker per checkpoint and so depend on timing; record timestamps and
 * headers, which are not part of the documented records), and the order of records of different
 * keys within a topic (a sink merges the inputs of a union as they come); the records of one key
 * are compared in their order.
 *
 * <p>Why the outputs are deterministic: one partition per topic and parallelism 1, so that each
 * operator sees its input in topic order; input fed in phases, the next one only once the dead
 * letter of the phase's last record on each topic (a bad record) is committed and no output
 * transaction is open, i.e. once a checkpoint completed after the job processed the whole phase (so
 * the active learner's instances and answers, read from two topics, meet in the order of the
 * phases); seeded learners, strategies and agents; a label deadline far beyond the input's event
 * time, so that no request expires by timing; every RL episode ended at the savepoint, because the
 * episode timeout runs in processing time and a restored timer fires at once. What does depend on
 * the clock stays inside the savepoint and out of the outputs (state TTL timestamps, an agent's
 * last-seen time): the savepoints of two generator runs differ, their outputs do not.
 *
 * <p>Two checks show that the test can fail: the same job with its model operator's uid changed
 * does not start from the savepoint ({@link
 * #aRenamedModelOperatorCannotRestoreTheFrozenSavepoint}), and a frozen probability changed in its
 * last bit is reported ({@link #aTamperedExpectedRecordIsAFailure}).
 */
class SavepointMigrationITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(3)
                            .build());

    private static final Map<String, EmbeddedKafka> BROKERS = new HashMap<>();

    @AfterAll
    static void stopBrokers() {
        BROKERS.values().forEach(EmbeddedKafka::close);
    }

    /** A fresh broker per release folder: each release's cases use the same topic names. */
    private static EmbeddedKafka broker(String release) {
        return BROKERS.computeIfAbsent(release, r -> EmbeddedKafka.start());
    }

    static Stream<Arguments> frozenCases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String release : folders(root())) {
            for (String name : folders(root().resolve(release))) {
                cases.add(Arguments.of(release, name));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("frozenCases")
    void restoresTheSavepointAndGoesOnAsFrozen(String release, String name, @TempDir Path dir)
            throws Exception {
        FrozenCase frozen = FrozenCases.named(name);
        Path folder = root().resolve(release).resolve(name);
        List<InputRecord> input = InputRecord.read(folder.resolve(FrozenCases.INPUT));
        EmbeddedKafka kafka = broker(release);
        KafkaFeed.createTopics(kafka, frozen.allTopics());
        KafkaFeed.produce(
                kafka.bootstrapServers(),
                input.stream().filter(InputRecord::beforeSavepoint).toList());
        Path savepoint = dir.resolve("savepoint");
        CaseRun.copyTree(folder.resolve(FrozenCases.SAVEPOINT), savepoint);
        List<OutputRecord> outputs;
        try (CaseRun run =
                CaseRun.start(frozen, kafka.bootstrapServers(), dir.resolve("run"), savepoint)) {
            for (var phase : phasesAfterTheSavepoint(input).entrySet()) {
                run.feed(phase.getKey(), phase.getValue());
            }
            outputs = run.outputs();
        }
        assertSameOutputs(
                OutputRecord.read(folder.resolve(FrozenCases.EXPECTED)),
                OutputRecord.sortedLines(outputs),
                release + "/" + name);
    }

    static Stream<Arguments> latestCases() throws IOException {
        String latest = latest();
        return folders(root().resolve(latest)).stream().map(name -> Arguments.of(latest, name));
    }

    /**
     * The latest release's savepoint of each case (taken at parallelism 1) restored at parallelism
     * 3, the first half of the input after it fed, then stopped with a savepoint that is restored
     * at parallelism 2 for the rest: the job goes on as frozen, record for record, so that no key's
     * model, agent or pending request was lost, doubled or restarted by the redistribution of the
     * keyed state. A case fed one phase after its savepoint has that phase split at a bad record.
     */
    @ParameterizedTest(name = "{0}/{1} at parallelism 1, 3, 2")
    @MethodSource("latestCases")
    void aRescaledRestoreGoesOnAsFrozen(String release, String name, @TempDir Path dir)
            throws Exception {
        FrozenCase frozen = FrozenCases.named(name);
        Path folder = root().resolve(release).resolve(name);
        List<InputRecord> input = InputRecord.read(folder.resolve(FrozenCases.INPUT));
        List<JsonNode> expected = OutputRecord.read(folder.resolve(FrozenCases.EXPECTED));
        EmbeddedKafka kafka = broker("rescaled-" + release);
        KafkaFeed.createTopics(kafka, frozen.allTopics());
        KafkaFeed.produce(
                kafka.bootstrapServers(),
                input.stream().filter(InputRecord::beforeSavepoint).toList());
        List<List<List<InputRecord>>> halves = RescaledPhases.halves(input, expected);
        Path savepoint = dir.resolve("savepoint");
        CaseRun.copyTree(folder.resolve(FrozenCases.SAVEPOINT), savepoint);
        List<OutputRecord> outputs = new ArrayList<>();
        int[] parallelism = {3, 2};
        for (int half = 0; half < 2; half++) {
            try (CaseRun run =
                    CaseRun.start(
                            frozen,
                            kafka.bootstrapServers(),
                            dir.resolve("run-" + half),
                            savepoint,
                            parallelism[half])) {
                for (List<InputRecord> phase : halves.get(half)) {
                    run.feed(phase.get(0).phase(), phase);
                }
                outputs.addAll(run.outputs());
                savepoint = run.stopWithSavepoint(dir.resolve("savepoints-" + half));
            }
        }
        assertSameOutputs(
                expected,
                OutputRecord.sortedLines(outputs),
                release + "/" + name + " rescaled 1, 3, 2");
    }

    /** The latest release froze every case there is. */
    @Test
    void theLatestReleaseFrozeEveryCase() throws IOException {
        List<String> releases = folders(root());
        assertThat(releases).isNotEmpty();
        assertThat(folders(root().resolve(latest())))
                .containsExactlyInAnyOrderElementsOf(
                        FrozenCases.all().stream().map(FrozenCase::name).toList());
    }

    /**
     * The frozen prequential savepoint restored into the same job with the model operator's uid
     * changed: the job does not start, because the model state would have no operator to go to.
     */
    @Test
    void aRenamedModelOperatorCannotRestoreTheFrozenSavepoint(@TempDir Path dir) throws Exception {
        String release = folders(root()).get(0);
        FrozenCase frozen = PrequentialCase.hoeffdingTree();
        Path savepoint = dir.resolve("savepoint");
        CaseRun.copyTree(
                root().resolve(release).resolve(frozen.name()).resolve(FrozenCases.SAVEPOINT),
                savepoint);
        StreamExecutionEnvironment env = CaseRun.environment(dir, savepoint);
        frozen.wire(env, broker(release).bootstrapServers());
        List<Transformation<?>> renamed = new ArrayList<>();
        for (Transformation<?> sink : env.getTransformations()) {
            for (Transformation<?> t : sink.getTransitivePredecessors()) {
                if (PrequentialJob.MODEL_UID.equals(t.getUid()) && !renamed.contains(t)) {
                    t.setUid(PrequentialJob.MODEL_UID + "-renamed");
                    renamed.add(t);
                }
            }
        }
        assertThat(renamed).hasSize(1);
        JobClient job = env.executeAsync("renamed-model-uid");
        assertThatThrownBy(() -> job.getJobExecutionResult().get(1, TimeUnit.MINUTES))
                .hasStackTraceContaining("Cannot map checkpoint/savepoint state for operator");
    }

    /** One probability changed in the last digit of a frozen prediction is a failure. */
    @Test
    void aTamperedExpectedRecordIsAFailure() throws IOException {
        Path expected =
                root().resolve(folders(root()).get(0))
                        .resolve(PrequentialCase.hoeffdingTree().name())
                        .resolve(FrozenCases.EXPECTED);
        List<JsonNode> frozen = OutputRecord.read(expected);
        List<JsonNode> tampered = OutputRecord.read(expected);
        ObjectNode proba =
                (ObjectNode)
                        tampered.stream()
                                .filter(l -> l.path("value").has("proba"))
                                .findFirst()
                                .orElseThrow()
                                .path("value")
                                .path("proba");
        String y = proba.fieldNames().next();
        proba.put(y, Math.nextUp(proba.get(y).asDouble()));
        assertThatThrownBy(() -> assertSameOutputs(frozen, tampered, "tampered"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("differs from the frozen one");
    }

    /** The same records in the same order, with the first difference when they are not. */
    static void assertSameOutputs(List<JsonNode> expected, List<JsonNode> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError(
                        String.format(
                                "%s: output %d of %d differs from the frozen one%n expected: %s%n"
                                        + " actual:   %s",
                                what,
                                i + 1,
                                expected.size(),
                                OutputRecord.text(expected.get(i)),
                                OutputRecord.text(actual.get(i))));
            }
        }
        assertThat(actual.size())
                .as("%s: outputs after the restore (%d frozen)", what, expected.size())
                .isEqualTo(expected.size());
    }

    /** The records of each phase after the savepoint, phases in the order fed. */
    private static Map<String, List<InputRecord>> phasesAfterTheSavepoint(List<InputRecord> in) {
        Map<String, List<InputRecord>> phases = new LinkedHashMap<>();
        for (InputRecord r : in) {
            if (!r.beforeSavepoint()) {
                phases.computeIfAbsent(r.phase(), p -> new ArrayList<>()).add(r);
            }
        }
        return phases;
    }

    private static Path root() {
        URL url = SavepointMigrationITCase.class.getResource("/" + FrozenCases.RESOURCE_FOLDER);
        assertThat(url).as("the frozen savepoints on the test class path").isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private static String latest() throws IOException {
        return folders(root()).stream()
                .max(SavepointMigrationITCase::compareVersions)
                .orElseThrow();
    }

    /** Orders release folders by version: 0.10.0 after 0.9.1. */
    private static int compareVersions(String a, String b) {
        return Arrays.compare(version(a), version(b));
    }

    private static int[] version(String release) {
        return Stream.of(release.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
