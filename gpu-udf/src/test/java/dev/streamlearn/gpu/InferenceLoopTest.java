package dev.streamlearn.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The loop runs each batch as one predict call on the real small model, and a failed batch fails
 * only its own items.
 */
class InferenceLoopTest {

    /** What the listener saw: each batch with its outputs, or its failure. */
    private static final class Recorder implements InferenceLoop.Listener<float[]> {
        final List<List<float[]>> batches = new CopyOnWriteArrayList<>();
        final List<float[][]> outputs = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        @Override
        public void completed(List<float[]> batch, float[][] out, long inferenceNanos) {
            batches.add(batch);
            outputs.add(out);
        }

        @Override
        public void failed(List<float[]> batch, Throwable failure) {
            batches.add(batch);
            failures.add(failure);
        }
    }

    @Test
    void eachBatchIsOnePredictCallAndABadBatchFailsAlone() throws Exception {
        float[][] rows = TestModels.model(TestModels.SMALL).cases().get(0).rows();
        try (BatchPredictor predictor =
                BatchPredictor.open(TestModels.spec(TestModels.SMALL, InferenceEngine.PYTORCH))) {
            MicroBatcher<float[]> batcher = new MicroBatcher<>(3, Duration.ofHours(1), 6);
            Recorder recorder = new Recorder();
            InferenceLoop<float[]> loop =
                    InferenceLoop.start("test-inference", batcher, predictor, r -> r, recorder);
            for (int i = 0; i < 3; i++) {
                batcher.put(rows[0]);
            }
            await().until(() -> recorder.batches.size() == 1);
            batcher.put(rows[0]);
            batcher.put(new float[] {1f}); // the wrong width: the model takes 8
            batcher.put(rows[0]);
            await().until(() -> recorder.batches.size() == 2);
            InferenceLoop.Stopped<float[]> stopped = loop.stop(Duration.ofSeconds(10));

            assertThat(stopped.threadEnded()).isTrue();
            assertThat(stopped.unprocessed()).isEmpty();
            assertThat(recorder.outputs).hasSize(1);
            for (float[] out : recorder.outputs.get(0)) {
                assertThat(out).containsExactly(predictor.predictOne(rows[0]), within(1e-5f));
            }
            assertThat(recorder.failures)
                    .singleElement()
                    .satisfies(f -> assertThat(f).hasMessageContaining("row 1 has 1 values"));
        }
    }
}
