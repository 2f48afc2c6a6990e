package dev.streamlearn.operators.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.schema.SchemaCatalog;
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
        List<Instance> records = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            LabelledStream.Example e = sea.next();
            records.add(new Instance("s" + (i % 3), Integer.toString(i), i, e.x(), e.y()));
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

    private static KeyedOneInputStreamOperatorTestHarness<String, Instance, Prediction> harness(
            PrequentialFunction function, OperatorSubtaskState restoreFrom) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedModelOperator<>(
                                function,
                                new PrequentialLearnerCodec(),
                                KeyedModelOptions.defaults()),
                        Instance::stream,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Instance, Prediction> h,
            List<Instance> records,
            List<Prediction> out)
            throws Exception {
        int before = h.extractOutputValues().size();
        for (Instance r : records) {
            h.processElement(new StreamRecord<>(r, r.ts()));
        }
        if (out != null) {
            List<Prediction> all = h.extractOutputValues();
            out.addAll(all.subList(before, all.size()));
        }
    }
}
