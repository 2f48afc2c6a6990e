package dev.streamlearn.operators.active.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.connectors.records.ActiveMetricsRecord;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.LabelRequest;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.active.ActiveLearningConfig;
import dev.streamlearn.operators.active.ActiveOperatorConfig;
import dev.streamlearn.operators.active.ActiveSessionCodec;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.active.StrategyConfig;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.keyed.KeyedModelOperator;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The active-learning function in the keyed-model operator on RocksDB, with event-time timers:
 * label requests answered 100 to 300 instances later join their request and are learned; requests
 * never answered expire when the watermark passes their deadline; late, duplicate and unknown
 * answers are counted and become dead letters with the reason; and a snapshot taken while requests
 * wait (with their timers) restores into an operator that goes on exactly as the original.
 */
class ActiveLearningFunctionHarnessTest {
    private static final int N = 3_000;
    private static final int CUT = 1_400;
    private static final long DEADLINE = 300;

    /** The harness's outputs and the answers a simulated annotator has yet to give. */
    private static final class Run {
        final Map<Integer, List<Label>> due = new HashMap<>();
        final List<Prediction> predictions = new ArrayList<>();
        final List<LabelRequest> requests = new ArrayList<>();
        final List<DeadLetter> dead = new ArrayList<>();
        final List<ActiveMetricsRecord> metrics = new ArrayList<>();
        int answered;
        int late;
        int duplicates;
        int unknown;
        int requestsSeen;

        /** Requests that will not be learned, by the instance they asked for. */
        final List<Integer> notLearned = new ArrayList<>();
    }

    @Test
    @SuppressWarnings("try")
    void delayedLabelsJoinExpireAndAreRejectedAcrossARestore() throws Exception {
        List<LabelledStream.Example> examples = new ArrayList<>();
        LabelledStream sea = MoaGeneratorStream.open("generators.SEAGenerator -i 4");
        for (int i = 0; i < N; i++) {
            examples.add(sea.next());
        }
        ActiveOperatorConfig config =
                ActiveOperatorConfig.defaults()
                        .withActive(
                                ActiveLearningConfig.of(
                                        StrategyConfig.Kind.VARIABLE_UNCERTAINTY,
                                        BudgetConfig.Kind.CUMULATIVE,
                                        0.2,
                                        7))
                        .withDeadline(Duration.ofMillis(DEADLINE))
                        .withMetricsEvery(500);
        ActiveLearningFunction function =
                new ActiveLearningFunction(config, SchemaCatalog.forAll(sea.schema()), "answers");

        Run straight = new Run();
        try (var h = harness(function, null)) {
            drive(h, straight, examples, 0, N);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            collect(h, straight);
        }

        Run restored = new Run();
        OperatorSubtaskState snapshot;
        try (var first = harness(function, null)) {
            drive(first, restored, examples, 0, CUT);
            first.prepareSnapshotPreBarrier(1);
            snapshot = first.snapshot(1, 1);
            collect(first, restored);
        }
        try (var second = harness(function, snapshot)) {
            drive(second, restored, examples, CUT, N);
            second.processWatermark(new Watermark(Long.MAX_VALUE));
            collect(second, restored);
        }

        // the restored run goes on exactly as the uninterrupted one
        assertThat(restored.predictions).hasSize(N);
        for (int i = 0; i < N; i++) {
            assertThat(restored.predictions.get(i).proba())
                    .as("prediction %d", i)
                    .containsExactly(straight.predictions.get(i).proba());
            assertThat(restored.predictions.get(i).version())
                    .isEqualTo(straight.predictions.get(i).version());
        }
        assertThat(restored.requests).hasSameSizeAs(straight.requests);
        assertThat(restored.dead).hasSameSizeAs(straight.dead);

        Run r = straight;
        // budget 0.2 charged at request time, whatever came back
        assertThat((double) r.requests.size() / N).isBetween(0.19, 0.2 + 1.0 / N);
        for (LabelRequest q : r.requests) {
            assertThat(q.deadline()).isEqualTo(q.ts() + DEADLINE);
            assertThat(q.model()).isEqualTo("active-variable");
            assertThat(q.classes()).hasSize(2);
        }
        // the model learned exactly the answers that came in time: its version counts them
        assertThat(r.predictions.get(N - 1).version()).isLessThanOrEqualTo(r.answered);
        assertThat(r.answered).isGreaterThan(r.requests.size() / 2);
        assertThat(r.late).isPositive();
        assertThat(r.duplicates).isPositive();
        assertThat(r.unknown).isEqualTo(N / 250);
        assertThat(r.dead).hasSize(r.late + r.duplicates + r.unknown);
        assertThat(r.dead.stream().filter(d -> d.error().startsWith("late label")))
                .hasSize(r.late)
                .allSatisfy(d -> assertThat(d.error()).contains("--label-deadline"));
        assertThat(r.dead.stream().filter(d -> d.error().startsWith("duplicate label")))
                .hasSize(r.duplicates);
        assertThat(r.dead.stream().filter(d -> d.error().startsWith("unknown label")))
                .hasSize(r.unknown)
                .allSatisfy(
                        d ->
                                assertThat(new String(d.value(), StandardCharsets.UTF_8))
                                        .contains("\"id\":\"never-asked-"));
        assertThat(r.dead).allSatisfy(d -> assertThat(d.topic()).isEqualTo("answers"));

        // the last figures: every request is answered, expired or (after the end) expired
        ActiveMetricsRecord last = r.metrics.get(r.metrics.size() - 1);
        assertThat(r.metrics).hasSize(N / 500);
        assertThat(last.prequential().instances()).isEqualTo(N);
        assertThat(last.prequential().labelled())
                .as("scored against the ground truth")
                .isEqualTo(N);
        assertThat(last.requested()).isEqualTo(r.requests.size());
        assertThat(last.received()).isEqualTo(r.answered);
        assertThat(last.late()).isEqualTo(r.late);
        assertThat(last.duplicate()).isEqualTo(r.duplicates);
        assertThat(last.unknown()).isEqualTo(r.unknown);
        assertThat(last.budget()).isEqualTo(0.2);
        assertThat(last.spentRatio()).isEqualTo((double) r.requests.size() / N);
        // the last figures come with instance N - 1, under watermark N - 2: the requests not
        // learned whose deadline passed that watermark have expired, by their timers
        assertThat(last.expired() + last.received() + last.awaiting()).isEqualTo(r.requests.size());
        assertThat(last.expired())
                .isEqualTo(r.notLearned.stream().filter(t -> t + DEADLINE <= N - 2).count())
                .isPositive();
        assertThat(last.prequential().accuracy()).as("SEA, 10% noise").isGreaterThan(0.75);
    }

    /**
     * The guard against a learner that stopped working: SEA's labels answered at once for 1,000
     * instances (the learner works), then the concept inverted and no answer comes (the learner
     * goes on predicting the old concept). The metrics records say so once a full window shows it:
     * the window's majority share as counted here from the truths, and at or below it.
     */
    @Test
    @SuppressWarnings("try")
    void aLearnerAtOrBelowItsMajorityClassIsReported() throws Exception {
        LabelledStream sea = MoaGeneratorStream.open("generators.SEAGenerator -i 4");
        ActiveOperatorConfig config =
                ActiveOperatorConfig.defaults()
                        .withLearner("bayes.NaiveBayes")
                        .withActive(ActiveLearningConfig.guarded().withSeed(3))
                        .withMetricsEvery(500);
        ActiveLearningFunction function =
                new ActiveLearningFunction(config, SchemaCatalog.forAll(sea.schema()), "answers");
        int[] truths = new int[2_500];
        List<ActiveMetricsRecord> metrics;
        try (var h = harness(function, null)) {
            for (int i = 0; i < truths.length; i++) {
                LabelledStream.Example e = sea.next();
                truths[i] = i < 1_000 ? e.y() : 1 - e.y();
                h.processElement(
                        new StreamRecord<>(
                                InstanceOrLabel.of(new Instance("s", "i" + i, i, e.x(), truths[i])),
                                i));
                var q = h.getSideOutput(ActiveLearningFunction.LABEL_REQUESTS);
                if (i < 1_000 && q != null && !q.isEmpty()) {
                    q.clear();
                    h.processElement(
                            new StreamRecord<>(
                                    InstanceOrLabel.of(new Label("s", "i" + i, truths[i])), i));
                }
            }
            metrics = side(h, ActiveLearningFunction.METRICS);
        }
        assertThat(metrics).hasSize(5);
        assertThat(metrics.get(0).health()).as("no full window yet").isNull();
        ActiveMetricsRecord.Health working = metrics.get(1).health();
        assertThat(working.atOrBelowMajority()).isFalse();
        assertThat(working.windowMajority()).isEqualTo(majorityShare(truths, 0, 1_000));
        ActiveMetricsRecord last = metrics.get(4);
        assertThat(last.prequential().windowAccuracy()).isLessThan(0.5);
        assertThat(last.health().windowMajority()).isEqualTo(majorityShare(truths, 1_500, 2_500));
        assertThat(last.health().atOrBelowMajority()).isTrue();
        // no answer comes after the change, so no detector can see it: only the guard's accuracy
        // against the majority class shows that the learner stopped working
        assertThat(last.health().driftsDetected()).as("drifts detected").isZero();
    }

    /** The share of the most frequent class among {@code truths[from, to)}. */
    private static double majorityShare(int[] truths, int from, int to) {
        int ones = 0;
        for (int i = from; i < to; i++) {
            ones += truths[i];
        }
        return (double) Math.max(ones, to - from - ones) / (to - from);
    }

    /**
     * Instance i, then the answers due at i, then watermark i. The annotator answers request k
     * (0-based): never when k % 10 == 0; 400 instances later (past the deadline) when k % 15 == 0;
     * otherwise 100 + (37 k mod 201) instances later, twice when k % 7 == 0. Every 250 instances an
     * answer to nothing asked comes.
     */
    private static void drive(
            KeyedOneInputStreamOperatorTestHarness<String, InstanceOrLabel, Prediction> h,
            Run run,
            List<LabelledStream.Example> examples,
            int from,
            int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            LabelledStream.Example e = examples.get(i);
            h.processElement(
                    new StreamRecord<>(
                            InstanceOrLabel.of(
                                    new Instance("s", Integer.toString(i), i, e.x(), e.y())),
                            i));
            var q = h.getSideOutput(ActiveLearningFunction.LABEL_REQUESTS);
            int seen = q == null ? 0 : q.size();
            if (seen > run.requestsSeen) {
                run.requestsSeen = seen;
                int k = run.requests.size() + seen - 1;
                int at;
                if (k % 10 == 0) {
                    at = -1;
                } else if (k % 15 == 0) {
                    at = i + 400;
                } else {
                    at = i + 100 + (37 * k) % 201;
                }
                Label answer = new Label("s", Integer.toString(i), e.y());
                if (at < 0 || at >= N || k % 15 == 0) {
                    run.notLearned.add(i);
                }
                if (at >= 0 && at < N) {
                    run.due.computeIfAbsent(at, t -> new ArrayList<>()).add(answer);
                    if (k % 15 == 0 && k % 10 != 0) {
                        run.late++;
                    } else {
                        run.answered++;
                        if (k % 7 == 0) {
                            run.due.get(at).add(answer);
                            run.duplicates++;
                        }
                    }
                }
            }
            if (i % 250 == 0) {
                run.unknown++;
                h.processElement(
                        new StreamRecord<>(
                                InstanceOrLabel.of(new Label("s", "never-asked-" + i, 0)), i));
            }
            for (Label l : run.due.getOrDefault(i, List.of())) {
                h.processElement(new StreamRecord<>(InstanceOrLabel.of(l), i));
            }
            h.processWatermark(new Watermark(i));
        }
    }

    /** Moves the harness's outputs into the run (its side-output queues restart with a harness). */
    private static void collect(
            KeyedOneInputStreamOperatorTestHarness<String, InstanceOrLabel, Prediction> h,
            Run run) {
        run.predictions.addAll(h.extractOutputValues());
        run.requests.addAll(side(h, ActiveLearningFunction.LABEL_REQUESTS));
        run.dead.addAll(side(h, ActiveLearningFunction.REJECTED_LABELS));
        run.metrics.addAll(side(h, ActiveLearningFunction.METRICS));
        run.requestsSeen = 0;
    }

    private static <X> List<X> side(
            KeyedOneInputStreamOperatorTestHarness<String, InstanceOrLabel, Prediction> h,
            OutputTag<X> tag) {
        List<X> out = new ArrayList<>();
        var queue = h.getSideOutput(tag);
        if (queue != null) {
            queue.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InstanceOrLabel, Prediction>
            harness(ActiveLearningFunction function, OperatorSubtaskState restoreFrom)
                    throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedModelOperator<>(
                                function, new ActiveSessionCodec(), KeyedModelOptions.defaults()),
                        InstanceOrLabel::stream,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }
}
