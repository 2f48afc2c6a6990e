package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.gpu.ModelSpec;
import dev.streamlearn.operators.rl.AgentSpec;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The operator uids of every job, exactly: a savepoint maps state to operators by uid, so a uid
 * that changes or disappears loses a user's models, offsets or open transactions. The uids of the
 * jobs released so far stay as they are (the prequential job's have no prefix, the active job's
 * start with {@code active-}, the RL job's sink of dead letters is {@code
 * kafka-sink-rl-dead-letters} so that all three share one job graph in the demo); a new job names
 * its uids {@code <job>-<role>}.
 */
class UidSchemeTest {
    private static final SchemaCatalog SEA =
            SchemaCatalog.forAll(MoaGeneratorStream.open("generators.SEAGenerator").schema());

    /** The uids of every transformation of the job graph built on {@code env}. */
    private static Set<String> uids(StreamExecutionEnvironment env) {
        Set<String> uids = new TreeSet<>();
        Set<Transformation<?>> seen = new HashSet<>();
        Deque<Transformation<?>> todo = new ArrayDeque<>(env.getTransformations());
        while (!todo.isEmpty()) {
            Transformation<?> t = todo.pop();
            if (seen.add(t)) {
                if (t.getUid() != null) {
                    uids.add(t.getUid());
                }
                todo.addAll(t.getInputs());
            }
        }
        return uids;
    }

    private static StreamExecutionEnvironment env() {
        return StreamExecutionEnvironment.getExecutionEnvironment();
    }

    @Test
    void thePrequentialJobKeepsItsUids() {
        StreamExecutionEnvironment env = env();
        PrequentialJob.wire(env, PrequentialJob.Options.builder("localhost:9092", SEA).build());
        assertThat(uids(env))
                .containsExactlyInAnyOrderElementsOf(
                        List.of(
                                "kafka-source-instances",
                                "parse-instances",
                                "instances-as-inputs",
                                PrequentialJob.MODEL_UID,
                                "kafka-sink-predictions",
                                "kafka-sink-metrics",
                                "kafka-sink-dead-letters"));
    }

    @Test
    void thePrequentialJobWithDelayedLabelsKeepsItsUids() {
        StreamExecutionEnvironment env = env();
        PrequentialJob.wire(
                env,
                PrequentialJob.Options.builder("localhost:9092", SEA)
                        .topics(Topics.defaults().withLabels("labels"))
                        .build());
        assertThat(uids(env))
                .containsExactlyInAnyOrderElementsOf(
                        List.of(
                                "kafka-source-instances",
                                "kafka-source-labels",
                                "parse-instances",
                                "parse-labels",
                                "instances-as-inputs",
                                "labels-as-inputs",
                                PrequentialJob.MODEL_UID,
                                "kafka-sink-predictions",
                                "kafka-sink-metrics",
                                "kafka-sink-dead-letters"));
    }

    @Test
    void theActiveJobKeepsItsUids() {
        StreamExecutionEnvironment env = env();
        ActiveJob.wire(env, ActiveJob.Options.builder("localhost:9092", SEA).build());
        assertThat(uids(env))
                .containsExactlyInAnyOrderElementsOf(
                        List.of(
                                "active-kafka-source-instances",
                                "active-kafka-source-labels",
                                "active-parse-instances",
                                "active-parse-labels",
                                "active-instances-as-inputs",
                                "active-labels-as-inputs",
                                "active-instance-time",
                                ActiveJob.MODEL_UID,
                                "kafka-sink-active-predictions",
                                "kafka-sink-active-label-requests",
                                "kafka-sink-active-metrics",
                                "kafka-sink-active-dead-letters"));
    }

    @Test
    void theRlJobKeepsItsUids() {
        StreamExecutionEnvironment env = env();
        RlJob.wire(
                env,
                RlJob.Options.builder(
                                "localhost:9092",
                                AgentSpec.forEnvironment("CartPole-v1", AgentSpec.Algo.Q, 1))
                        .build());
        assertThat(uids(env))
                .containsExactlyInAnyOrderElementsOf(
                        List.of(
                                "kafka-source-observations",
                                "parse-observations",
                                RlJob.MODEL_UID,
                                "kafka-sink-actions",
                                "kafka-sink-rl-dead-letters"));
    }

    @Test
    void thePointProcessJobNamesItsUidsAfterItself() {
        StreamExecutionEnvironment env = env();
        TppJob.wire(env, TppJob.Options.builder("localhost:9092", List.of("a", "b", "c")).build());
        assertThat(uids(env))
                .containsExactlyInAnyOrderElementsOf(
                        List.of(
                                "tpp-kafka-source-events",
                                "tpp-parse-events",
                                "tpp-event-time",
                                "tpp-history",
                                "tpp-kafka-source-models",
                                "tpp-parse-models",
                                "tpp-score",
                                "tpp-train",
                                "tpp-metrics",
                                "kafka-sink-tpp-scores",
                                "kafka-sink-tpp-metrics",
                                "kafka-sink-tpp-models",
                                "kafka-sink-tpp-dead-letters"));
    }

    @Test
    void theScoringJobNamesItsUidsAfterItself() {
        StreamExecutionEnvironment env = env();
        ScoreJob.wire(
                env,
                ScoreJob.Options.builder(
                                "localhost:9092",
                                ModelSpec.of(Path.of("model.onnx").toAbsolutePath(), 8, 3))
                        .build());
        assertThat(uids(env))
                .containsExactlyInAnyOrderElementsOf(
                        List.of(
                                "score-kafka-source-features",
                                "score-parse-features",
                                ScoreJob.INFERENCE_UID,
                                "kafka-sink-score-scores",
                                "kafka-sink-score-dead-letters"));
    }

    @Test
    void theDemosFourJobsShareOneGraphWithoutACollision() {
        StreamExecutionEnvironment env = env();
        PrequentialJob.wire(env, PrequentialJob.Options.builder("localhost:9092", SEA).build());
        int prequential = uids(env).size();
        ActiveJob.wire(env, ActiveJob.Options.builder("localhost:9092", SEA).build());
        int active = uids(env).size() - prequential;
        RlJob.wire(
                env,
                RlJob.Options.builder(
                                "localhost:9092",
                                AgentSpec.forEnvironment("CartPole-v1", AgentSpec.Algo.Q, 1))
                        .build());
        int rl = uids(env).size() - prequential - active;
        TppJob.wire(env, TppJob.Options.builder("localhost:9092", List.of("a", "b", "c")).build());
        int tpp = uids(env).size() - prequential - active - rl;
        assertThat(List.of(prequential, active, rl, tpp))
                .as("each job's uids, none taken by another")
                .containsExactly(7, 12, 5, 13);
    }
}
