package dev.streamlearn.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both engines compute what PyTorch computed in Python (oracle.json: eager torch 1.13, float32) on
 * the same rows, and a batch gives what its rows give one by one.
 */
class BatchPredictorOracleTest {
    /**
     * Relative to the row's largest output: other kernels (libtorch 2.7.1, ONNX Runtime) sum in
     * another order; measured up to 1.0e-6 here.
     */
    private static final double ORACLE_REL = 1e-5;

    /**
     * Batched and single-row PyTorch kernels sum in another order too (measured up to 7 ulps of the
     * row's largest output; ONNX Runtime gave identical bits): 32 ulps is float rounding, not a
     * different computation.
     */
    private static final int BATCH_ULPS = 32;

    static Stream<Arguments> modelsAndEngines() {
        List<Arguments> all = new ArrayList<>();
        for (String model : List.of(TestModels.SMALL, TestModels.LARGE)) {
            for (InferenceEngine engine : InferenceEngine.values()) {
                all.add(Arguments.of(model, engine));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("modelsAndEngines")
    void predictionsEqualThePythonOracle(String name, InferenceEngine engine) {
        try (BatchPredictor predictor = BatchPredictor.open(TestModels.spec(name, engine))) {
            for (TestModels.Case c : TestModels.model(name).cases()) {
                float[][] outputs = predictor.predict(Arrays.asList(c.rows()));
                assertThat(outputs).as(c.name()).hasNumberOfRows(c.outputs().length);
                for (int r = 0; r < outputs.length; r++) {
                    float[] expected = c.outputs()[r];
                    double tolerance = ORACLE_REL * largest(expected);
                    assertClose(outputs[r], expected, tolerance, c.name() + " row " + r);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("modelsAndEngines")
    void aBatchGivesWhatItsRowsGiveOneByOne(String name, InferenceEngine engine) {
        float[][] rows =
                TestModels.model(name).cases().stream()
                        .map(TestModels.Case::rows)
                        .filter(r -> r.length > 1)
                        .findFirst()
                        .orElseThrow();
        try (BatchPredictor predictor = BatchPredictor.open(TestModels.spec(name, engine))) {
            float[][] together = predictor.predict(Arrays.asList(rows));
            for (int r = 0; r < rows.length; r++) {
                float[] alone = predictor.predictOne(rows[r]);
                double tolerance = BATCH_ULPS * Math.ulp((float) largest(alone));
                assertClose(together[r], alone, tolerance, "row " + r + " in a batch and alone");
            }
        }
    }

    private static double largest(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static void assertClose(
            float[] actual, float[] expected, double tolerance, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i])
                    .as("%s, value %d", what, i)
                    .isCloseTo(expected[i], within(tolerance));
        }
    }
}
