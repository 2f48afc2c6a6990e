package dev.streamlearn.gpu.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.gpu.BatchPredictor;
import dev.streamlearn.gpu.InferenceEngine;
import dev.streamlearn.gpu.ModelSpec;
import dev.streamlearn.gpu.TestModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The batching function in real Flink jobs on a MiniCluster: the Python oracle's outputs through
 * Flink, order kept in ordered mode with batches that really batch, nothing lost or repeated in
 * unordered mode, a bad row failing the job with its own message, and a restart in the same JVM
 * (the natives stay loaded) that completes with every record's output exactly once.
 */
class BatchedInferenceTest {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final TypeInformation<Tuple2<Long, float[]>> OUT =
            Types.TUPLE(Types.LONG, Types.PRIMITIVE_ARRAY(Types.FLOAT));

    /** Records in the ordering and restart jobs. */
    private static final int N = 5_000;

    /** Relative to a row's largest output; see BatchPredictorOracleTest. */
    private static final double REL = 1e-5;

    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    private record Run<T>(List<T> outputs, JobID job) {}

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void outputsAreThoseOfThePythonOracle(InferenceEngine engine) throws Exception {
        List<float[]> rows = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (TestModels.Case c : TestModels.model(TestModels.SMALL).cases()) {
            rows.addAll(Arrays.asList(c.rows()));
            expected.addAll(Arrays.asList(c.outputs()));
        }
        float[][] table = rows.toArray(new float[0][]);
        StreamExecutionEnvironment env = environment(1, new Configuration());
        DataStream<Tuple2<Long, float[]>> out =
                infer(
                        env.fromSequence(0, table.length - 1),
                        "oracle",
                        TestModels.spec(TestModels.SMALL, engine),
                        i -> table[i.intValue()],
                        BatchOptions.defaults().withBatchSize(8));

        List<Tuple2<Long, float[]>> outputs = run(env, out).outputs();

        assertThat(outputs).hasSize(table.length);
        for (Tuple2<Long, float[]> o : outputs) {
            float[] want = expected.get(o.f0.intValue());
            assertThat(o.f1).as("row %d", o.f0).containsExactly(want, within(tolerance(want)));
        }
    }

    @Test
    void orderedModeKeepsTheInputOrderWhileBatching() throws Exception {
        StreamExecutionEnvironment env = environment(1, new Configuration());
        BatchOptions options = BatchOptions.defaults().withBatchSize(64);
        Run<Tuple2<Long, float[]>> run =
                run(env, infer(env.fromSequence(0, N - 1), "ordered", small(), Rows::of, options));

        assertThat(run.outputs().stream().map(o -> o.f0))
                .containsExactlyElementsOf(LongStream.range(0, N).boxed().toList());
        assertCorrect(run.outputs());
        long batches = counter(run.job(), "ordered", "batches");
        assertThat((double) N / batches).as("mean batch size").isGreaterThan(1.0);
    }

    @Test
    void unorderedModeLosesAndRepeatsNothing() throws Exception {
        StreamExecutionEnvironment env = environment(2, new Configuration());
        BatchOptions options = BatchOptions.defaults().withBatchSize(32).withOrdered(false);
        Run<Tuple2<Long, float[]>> run =
                run(
                        env,
                        infer(env.fromSequence(0, N - 1), "unordered", small(), Rows::of, options));

        assertThat(run.outputs().stream().map(o -> o.f0))
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, N).boxed().toList());
        assertCorrect(run.outputs());
    }

    @Test
    void aRestartInTheSameJvmCompletesWithEveryOutputOnce() throws Exception {
        FAILED_ONCE.set(false);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = environment(2, conf);
        // exactly-once checkpoints: the collecting sink then hands out each output once
        env.enableCheckpointing(50);
        DataStream<Tuple2<Long, float[]>> out =
                infer(
                                env.fromSequence(0, N - 1),
                                "restarted",
                                small(),
                                Rows::of,
                                BatchOptions.defaults().withBatchSize(16))
                        .map(new FailOnce(N / 2))
                        .returns(OUT);

        List<Tuple2<Long, float[]>> outputs = run(env, out).outputs();

        assertThat(FAILED_ONCE).as("the injected failure happened").isTrue();
        assertThat(outputs.stream().map(o -> o.f0))
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, N).boxed().toList());
        assertCorrect(outputs);
    }

    @Test
    void aBadRowFailsTheJobWithWhatIsWrong() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = environment(1, conf);
        infer(
                        env.fromSequence(0, 99),
                        "bad-row",
                        small(),
                        i -> i == 42 ? new float[] {1f, Float.NaN} : Rows.of(i),
                        BatchOptions.defaults())
                .sinkTo(new DiscardingSink<>());

        assertThatThrownBy(env::execute)
                .rootCause()
                .hasMessageContaining("the row of record 42 has 2 values")
                .hasMessageContaining("the model takes 8");
    }

    /** Deterministic rows of 8 values from a sequence number. */
    private static final class Rows {
        static float[] of(Long seq) {
            float[] row = new float[8];
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (3 * Math.sin(seq * 0.37 + i * 1.3));
            }
            return row;
        }
    }

    /** Passes records on, and throws once when it sees the given one. */
    private static final class FailOnce
            implements MapFunction<Tuple2<Long, float[]>, Tuple2<Long, float[]>> {
        private static final long serialVersionUID = 1L;
        private final long at;

        FailOnce(long at) {
            this.at = at;
        }

        @Override
        public Tuple2<Long, float[]> map(Tuple2<Long, float[]> value) {
            if (value.f0 == at && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at record " + at);
            }
            return value;
        }
    }

    private static ModelSpec small() {
        return TestModels.spec(TestModels.SMALL, InferenceEngine.PYTORCH);
    }

    private static DataStream<Tuple2<Long, float[]>> infer(
            DataStream<Long> in,
            String uid,
            ModelSpec spec,
            BatchingInferenceFunction.Features<Long> features,
            BatchOptions options) {
        return BatchedInference.apply(in, uid, spec, features, Tuple2::of, OUT, options);
    }

    private static StreamExecutionEnvironment environment(int parallelism, Configuration conf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    private static <T> Run<T> run(StreamExecutionEnvironment env, DataStream<T> stream)
            throws Exception {
        List<T> outputs = new ArrayList<>();
        CloseableIterator<T> it = stream.collectAsync();
        JobClient job = env.executeAsync();
        it.forEachRemaining(outputs::add);
        it.close();
        job.getJobExecutionResult().get();
        return new Run<>(outputs, job.getJobID());
    }

    /** Each output is the model's for its row, computed here on a predictor of our own. */
    private static void assertCorrect(List<Tuple2<Long, float[]>> outputs) {
        try (BatchPredictor predictor = BatchPredictor.open(small())) {
            List<float[]> rows = outputs.stream().map(o -> Rows.of(o.f0)).toList();
            float[][] expected = predictor.predict(rows);
            for (int i = 0; i < expected.length; i++) {
                assertThat(outputs.get(i).f1)
                        .as("record %d", outputs.get(i).f0)
                        .containsExactly(expected[i], within(tolerance(expected[i])));
            }
        }
    }

    private static float tolerance(float[] expected) {
        double largest = 0;
        for (float v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        return (float) (REL * largest);
    }

    /** The sum of the counter {@code name} over the subtasks of operator {@code operator}. */
    private static long counter(JobID job, String operator, String name) {
        long sum = 0;
        for (OperatorMetricGroup group : REPORTER.findOperatorMetricGroups(job, operator)) {
            Metric metric = REPORTER.getMetricsByGroup(group).get(name);
            sum += ((Counter) metric).getCount();
        }
        assertThat(sum).as("counter %s of %s", name, operator).isPositive();
        return sum;
    }
}
