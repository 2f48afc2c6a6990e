package dev.streamlearn.gpu.flink.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.gpu.InferenceEngine;
import dev.streamlearn.gpu.TestModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code streamlearn-djl} provider in a Flink SQL job on a MiniCluster, found through its SPI
 * registration: {@code CREATE MODEL ... WITH ('provider' = 'streamlearn-djl', 'path' = ...)} and
 * {@code ML_PREDICT}, synchronous and asynchronous (micro-batched), on TorchScript and ONNX, with
 * scalar and array columns: each row's outputs equal those PyTorch computed for it ({@code
 * oracle.json}).
 */
class DjlModelProviderITCase {
    /** The readings as one array column. */
    private static final String VECTORS =
            "CREATE TEMPORARY VIEW vectors AS SELECT id, ARRAY[CAST(x1 AS FLOAT), CAST(x2 AS"
                    + " FLOAT), CAST(x3 AS FLOAT), CAST(x4 AS FLOAT), CAST(x5 AS FLOAT), CAST(x6 AS"
                    + " FLOAT), CAST(x7 AS FLOAT), CAST(x8 AS FLOAT)] AS features FROM readings";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @ParameterizedTest(name = "{0}, async {1}")
    @CsvSource({"PYTORCH, false", "ONNX_RUNTIME, true", "PYTORCH, true"})
    void mlPredictGivesPyTorchsOutputs(InferenceEngine engine, boolean async) throws Exception {
        List<TestModels.Case> cases = TestModels.model(TestModels.SMALL).cases();
        List<float[][]> rows = rows(cases);
        StreamTableEnvironment tables = tables();
        tables.executeSql(inputTable(rows));
        tables.executeSql(
                "CREATE TEMPORARY MODEL mlp"
                        + " INPUT (x1 DOUBLE, x2 DOUBLE, x3 DOUBLE, x4 DOUBLE, x5 DOUBLE, x6 DOUBLE,"
                        + " x7 DOUBLE, x8 DOUBLE) OUTPUT (y1 FLOAT, y2 FLOAT, y3 FLOAT)"
                        + " WITH ('provider' = 'streamlearn-djl', 'path' = '"
                        + TestModels.file(TestModels.SMALL, engine)
                        + "')");
        String config =
                async
                        ? ", MAP['async', 'true', 'max-concurrent-operations', '64']"
                        : ", MAP['async', 'false']";
        Map<Integer, float[]> outputs =
                collect(
                        tables,
                        "SELECT id, y1, y2, y3 FROM ML_PREDICT(TABLE readings, MODEL mlp,"
                                + " DESCRIPTOR(x1, x2, x3, x4, x5, x6, x7, x8)"
                                + config
                                + ")");
        assertOracle(rows, outputs);
    }

    @Test
    @SuppressWarnings("try") // Flink's CloseableIterator.close() throws Exception
    void arrayColumnsWithTheirWidths() throws Exception {
        List<float[][]> rows = rows(TestModels.model(TestModels.SMALL).cases());
        StreamTableEnvironment tables = tables();
        tables.executeSql(inputTable(rows));
        tables.executeSql(VECTORS);
        tables.executeSql(
                "CREATE TEMPORARY MODEL mlp_arrays INPUT (features ARRAY<FLOAT>)"
                        + " OUTPUT (scores ARRAY<FLOAT>) WITH ('provider' = 'streamlearn-djl',"
                        + " 'path' = '"
                        + TestModels.file(TestModels.SMALL, InferenceEngine.ONNX_RUNTIME)
                        + "', 'input-width' = '8', 'output-width' = '3')");
        Map<Integer, float[]> outputs = new HashMap<>();
        try (CloseableIterator<Row> it =
                tables.executeSql(
                                "SELECT id, scores FROM ML_PREDICT(TABLE vectors, MODEL"
                                        + " mlp_arrays, DESCRIPTOR(features), MAP['async',"
                                        + " 'true'])")
                        .collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                Float[] scores = (Float[]) r.getField(1);
                float[] out = new float[scores.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = scores[i];
                }
                outputs.put((Integer) r.getField(0), out);
            }
        }
        assertOracle(rows, outputs);
    }

    @Test
    void anArrayInputWithoutItsWidthIsRefusedWithWhatToAdd() {
        StreamTableEnvironment tables = tables();
        tables.executeSql(inputTable(rows(TestModels.model(TestModels.SMALL).cases())));
        tables.executeSql(VECTORS);
        tables.executeSql(
                "CREATE TEMPORARY MODEL no_width INPUT (features ARRAY<FLOAT>) OUTPUT (y1 FLOAT,"
                        + " y2 FLOAT, y3 FLOAT) WITH ('provider' = 'streamlearn-djl', 'path' ="
                        + " '/nowhere/m.onnx')");
        assertThatThrownBy(
                        () ->
                                tables.executeSql(
                                                "SELECT * FROM ML_PREDICT(TABLE vectors, MODEL"
                                                        + " no_width, DESCRIPTOR(features))")
                                        .await())
                .hasStackTraceContaining("the array column features: give its length with")
                .hasStackTraceContaining("'input-width'");
    }

    private static StreamTableEnvironment tables() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return StreamTableEnvironment.create(env);
    }

    /** Every oracle row as {@code {input, output}}. */
    private static List<float[][]> rows(List<TestModels.Case> cases) {
        List<float[][]> rows = new ArrayList<>();
        for (TestModels.Case c : cases) {
            for (int r = 0; r < c.rows().length; r++) {
                rows.add(new float[][] {c.rows()[r], c.outputs()[r]});
            }
        }
        return rows;
    }

    /** A view {@code readings(id, x1..x8)} of the oracle rows, repeated to make many batches. */
    private static String inputTable(List<float[][]> rows) {
        StringJoiner values = new StringJoiner(", ");
        for (int repeat = 0; repeat < 20; repeat++) {
            for (int i = 0; i < rows.size(); i++) {
                StringJoiner row = new StringJoiner(", ", "(", ")");
                row.add(Integer.toString(repeat * rows.size() + i));
                for (float x : rows.get(i)[0]) {
                    row.add("CAST(" + x + " AS DOUBLE)");
                }
                values.add(row.toString());
            }
        }
        return "CREATE TEMPORARY VIEW readings (id, x1, x2, x3, x4, x5, x6, x7, x8) AS VALUES "
                + values;
    }

    @SuppressWarnings("try") // Flink's CloseableIterator.close() throws Exception
    private static Map<Integer, float[]> collect(StreamTableEnvironment tables, String query)
            throws Exception {
        Map<Integer, float[]> out = new HashMap<>();
        try (CloseableIterator<Row> it = tables.executeSql(query).collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                float[] y = new float[r.getArity() - 1];
                for (int i = 0; i < y.length; i++) {
                    y[i] = (Float) r.getField(i + 1);
                }
                assertThat(out.put((Integer) r.getField(0), y)).as("one row per id").isNull();
            }
        }
        return out;
    }

    private static void assertOracle(List<float[][]> rows, Map<Integer, float[]> outputs) {
        assertThat(outputs).hasSize(20 * rows.size());
        outputs.forEach(
                (id, y) -> {
                    float[] expected = rows.get(id % rows.size())[1];
                    assertThat(y).hasSize(expected.length);
                    for (int i = 0; i < y.length; i++) {
                        assertThat(y[i])
                                .as("output %d of row %d", i, id)
                                .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
                    }
                });
    }
}
