package dev.streamlearn.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every row a model cannot take is rejected before any native call, naming the row and the fix. */
class BatchPredictorRowsTest {
    private static BatchPredictor predictor;

    @BeforeAll
    static void open() {
        predictor = BatchPredictor.open(TestModels.spec(TestModels.SMALL, InferenceEngine.PYTORCH));
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    /** Five valid rows of 8 values with {@code bad} at position 3. */
    private static List<float[]> batchWithRow3(float[] bad) {
        List<float[]> rows = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            float[] row = new float[8];
            Arrays.fill(row, r * 0.1f);
            rows.add(row);
        }
        rows.set(3, bad);
        return rows;
    }

    @Test
    void rejectsARowOfTheWrongWidthNamingTheRowAndTheFix() {
        assertThatThrownBy(() -> predictor.predict(batchWithRow3(new float[7])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "row 3 has 7 values but the model takes 8 (ModelSpec inputWidth); select or"
                                + " pad the features so that every row has 8");
        assertThatThrownBy(() -> predictor.predictOne(new float[9]))
                .hasMessageStartingWith("row 0 has 9 values but the model takes 8");
    }

    @Test
    void rejectsNaNSayingToImputeIt() {
        float[] row = new float[8];
        row[5] = Float.NaN;
        assertThatThrownBy(() -> predictor.predict(batchWithRow3(row)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "row 3, value 5 is NaN, which a model cannot use; impute missing values or"
                                + " drop the row before inference");
    }

    @Test
    void rejectsInfinitiesSayingToClipThem() {
        for (float infinity : new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] row = new float[8];
            row[0] = infinity;
            assertThatThrownBy(() -> predictor.predict(batchWithRow3(row)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "row 3, value 0 is %s, which a model cannot use; clip or rescale the"
                                    + " feature to a finite range before inference",
                            infinity);
        }
    }

    @Test
    void rejectsANullRow() {
        assertThatThrownBy(() -> predictor.predict(batchWithRow3(null)))
                .hasMessage("row 3 is null; every row needs 8 values");
    }

    @Test
    void anEmptyBatchHasNoOutputs() {
        assertThat(predictor.predict(List.of())).isEmpty();
    }

    @Test
    void predictsAfterARejectedBatch() {
        assertThatThrownBy(() -> predictor.predict(batchWithRow3(new float[2])))
                .isInstanceOf(IllegalArgumentException.class);
        float[][] outputs = predictor.predict(batchWithRow3(new float[8]));
        assertThat(outputs).hasDimensions(5, 3);
    }

    @Test
    void numberRowsFeedThePredictorAndNameWhatIsNotANumber() {
        Object[] numbers = {1, 2.5, 3L, 0.5f, (short) 1, (byte) 2, 0, -1};
        float[] floats = {1, 2.5f, 3, 0.5f, 1, 2, 0, -1};
        List<Object[]> rows = new ArrayList<>();
        rows.add(numbers);
        assertThat(predictor.predict(NumberRows.toFloatRows(rows))[0])
                .containsExactly(predictor.predictOne(floats));

        rows.add(new Object[] {1, 2, "three"});
        assertThatThrownBy(() -> NumberRows.toFloatRows(rows))
                .hasMessage(
                        "row 1, value 2 is a String ('three'), not a number; a model takes numeric"
                                + " features only: encode or drop it before inference");
        rows.set(1, new Object[] {null});
        assertThatThrownBy(() -> NumberRows.toFloatRows(rows))
                .hasMessageStartingWith("row 1, value 0 is null, not a number");
    }

    @Test
    void aClosedPredictorSaysSoAndClosesOnce() {
        BatchPredictor other =
                BatchPredictor.open(
                        TestModels.spec(TestModels.SMALL, InferenceEngine.ONNX_RUNTIME));
        other.close();
        other.close();
        assertThatThrownBy(() -> other.predictOne(new float[8]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("mlp.onnx is closed");
    }
}
