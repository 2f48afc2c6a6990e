package dev.streamlearn.operators.baseline.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.baseline.PrequentialLearnerCodec;
import dev.streamlearn.operators.labels.DelayedLabels;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.state.keyed.KeyedModelOperator;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The prequential function hosting DriftMoE (and a MOA tree) in the keyed-model operator, on
 * RocksDB: a snapshot taken mid-stream (MoE-Data halfway through a router mini-batch) restores into
 * a new operator that predicts exactly what the original goes on predicting, for every stream key.
 */
class PrequentialFunctionHarnessTest {

    @ParameterizedTest
    @ValueSource(strings = {"driftmoe-data", "driftmoe-task", "trees.HoeffdingTree"})
    // Flink's harness declares close() throws Exception, hence "try" (InterruptedException)
    @SuppressWarnings("try")
    void restoredOperatorPredictsExactlyAsTheOriginal(String learner) throws Exception {
        LabelledStream sea = MoaGeneratorStream.open("generators.SEAGenerator -i 5");
        List<InstanceOrLabel> records = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            LabelledStream.Example e = sea.next();
            records.add(
                    InstanceOrLabel.of(
                            new Instance("s" + (i % 3), Integer.toString(i), i, e.x(), e.y())));
        }
        PrequentialFunction function =
                new PrequentialFunction(
                        PrequentialConfig.defaults().withLearner(learner).withMetricsEvery(100),
                        SchemaCatalog.forAll(sea.schema()));

        OperatorSubtaskState snapshot;
        List<Prediction> original = new ArrayList<>();
        try (var first = harness(function, null)) {
            feed(first, records.subList(0, 500), null);
            first.prepareSnapshotPreBarrier(1);
            snapshot = first.snapshot(1, 1);
            feed(first, records.subList(500, 900), original);
        }
        List<Prediction> restored = new ArrayList<>();
        try (var second = harness(function, snapshot)) {
            feed(second, records.subList(500, 900), restored);
        }

        assertThat(restored).hasSize(400).hasSameSizeAs(original);
        for (int i = 0; i < original.size(); i++) {
            assertThat(restored.get(i).id()).isEqualTo(original.get(i).id());
            assertThat(restored.get(i).proba())
                    .as("prediction %d", i)
                    .containsExactly(original.get(i).proba());
            assertThat(restored.get(i).version()).isEqualTo(original.get(i).version());
            assertThat(restored.get(i).model()).isEqualTo(original.get(i).model());
        }
    }

    /**
     * Instances without labels, each labelled 50 records later on the same keyed input, with a
     * snapshot taken while 50 wait: the restored operator scores the predictions made before the
     * snapshot and learns exactly as the original; labels without an instance become dead letters
     * once pushed out.
     */
    @ParameterizedTest
    @ValueSource(strings = {"driftmoe-data", "trees.HoeffdingTree"})
    @SuppressWarnings("try")
    void delayedLabelsScoreTheEarlierPredictionAcrossARestore(String learner) throws Exception {
        LabelledStream sea = MoaGeneratorStream.open("generators.SEAGenerator -i 3");
        int lag = 50;
        List<InstanceOrLabel> records = new ArrayList<>();
        List<LabelledStream.Example> examples = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            LabelledStream.Example e = sea.next();
            examples.add(e);
            records.add(
                    InstanceOrLabel.of(
                            new Instance("s", Integer.toString(i), i, e.x(), Instance.UNLABELLED)));
            if (i >= lag) {
                int j = i - lag;
                records.add(
                        InstanceOrLabel.of(
                                new Label("s", Integer.toString(j), examples.get(j).y())));
            }
            if (i % 5 == 0) {
                records.add(InstanceOrLabel.of(new Label("s", "never-sent-" + i, 0)));
            }
        }
        PrequentialConfig config =
                PrequentialConfig.defaults()
                        .withLearner(learner)
                        .withMetricsEvery(100)
                        .withMaxPending(60);
        PrequentialFunction function =
                new PrequentialFunction(config, SchemaCatalog.forAll(sea.schema()), "late-labels");

        // the core alone, in the same order, is the reference
        PrequentialLearner core = PrequentialLearner.create(config, sea.schema());
        List<double[]> expected = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        List<DelayedLabels.EarlyLabel> unmatched = new ArrayList<>();
        for (InstanceOrLabel r : records) {
            if (r.instance() != null) {
                expected.add(core.testThenTrain(r.instance().id(), r.instance().x(), -1));
                versions.add(core.version());
            } else {
                core.label(r.label().id(), r.label().y(), unmatched);
            }
        }
        assertThat(core.evaluator().count()).isEqualTo(700 - lag);

        int cut = 400; // 50 instances wait for their labels here
        OperatorSubtaskState snapshot;
        List<DeadLetter> dead = new ArrayList<>();
        try (var first = harness(function, null)) {
            feed(first, records.subList(0, cut), null);
            first.prepareSnapshotPreBarrier(1);
            snapshot = first.snapshot(1, 1);
            dead.addAll(unmatchedLabels(first));
        }
        List<Prediction> out = new ArrayList<>();
        try (var restored = harness(function, snapshot)) {
            feed(restored, records.subList(cut, records.size()), out);
            dead.addAll(unmatchedLabels(restored));
        }
        int before =
                (int) records.subList(0, cut).stream().filter(r -> r.instance() != null).count();
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).proba()).containsExactly(expected.get(before + i));
            // the model version is the number of labels learned, as in the core
            assertThat(out.get(i).version()).isEqualTo(versions.get(before + i));
        }
        assertThat(before + out.size()).isEqualTo(700);
        // 140 labels never meet an instance; 60 may wait, the other 80 are pushed out, before
        // and after the restore alike, each naming the topic and the reason
        assertThat(unmatched).hasSize(80);
        assertThat(dead).hasSize(80);
        for (DeadLetter d : dead) {
            assertThat(d.topic()).isEqualTo("late-labels");
            assertThat(d.error()).contains("never-sent-").contains("--max-pending");
            assertThat(new String(d.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"id\":\"never-sent-");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InstanceOrLabel, Prediction>
            harness(PrequentialFunction function, OperatorSubtaskState restoreFrom)
                    throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedModelOperator<>(
                                function,
                                new PrequentialLearnerCodec(),
                                KeyedModelOptions.defaults()),
                        InstanceOrLabel::stream,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    /** The dead letters of unmatched labels (the harness has no queue before the first). */
    private static List<DeadLetter> unmatchedLabels(
            KeyedOneInputStreamOperatorTestHarness<String, InstanceOrLabel, Prediction> h) {
        var queue = h.getSideOutput(PrequentialFunction.UNMATCHED_LABELS);
        List<DeadLetter> out = new ArrayList<>();
        if (queue != null) {
            queue.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, InstanceOrLabel, Prediction> h,
            List<InstanceOrLabel> records,
            List<Prediction> out)
            throws Exception {
        int before = h.extractOutputValues().size();
        long ts = 0;
        for (InstanceOrLabel r : records) {
            ts = r.instance() != null ? r.instance().ts() : ts;
            h.processElement(new StreamRecord<>(r, ts));
        }
        if (out != null) {
            List<Prediction> all = h.extractOutputValues();
            out.addAll(all.subList(before, all.size()));
        }
    }
}
