package dev.streamlearn.operators.rl.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.operators.rl.AgentSession;
import dev.streamlearn.operators.rl.AgentSessionCodec;
import dev.streamlearn.operators.rl.AgentSpec;
import dev.streamlearn.operators.rl.env.ContinuousEnvironment;
import dev.streamlearn.operators.rl.env.DiscreteEnvironment;
import dev.streamlearn.operators.rl.env.Environment;
import dev.streamlearn.operators.rl.env.Environments;
import dev.streamlearn.state.keyed.KeyedModelOperator;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent function in the keyed-model operator on RocksDB, driven by in-test environments: a
 * snapshot taken mid-episode restores agents that answer the same observations with exactly the
 * same actions; misplaced steps are dead letters that leave the agent as it was; a silent episode
 * is abandoned after the timeout.
 */
class StreamAgentFunctionHarnessTest {
    private static final int AGENTS = 3;

    @ParameterizedTest
    @CsvSource({"CartPole-v1, q", "CartPole-v1, sarsa", "Acrobot-v1, ac", "Pendulum-v1, ac"})
    @SuppressWarnings("try")
    void restoredAgentsActExactlyAsTheOriginals(String envId, String algo) throws Exception {
        StreamAgentFunction function = function(envId, algo, Duration.ofMinutes(5));
        List<Player> players = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            players.add(new Player("agent-" + i, envId, i));
        }
        OperatorSubtaskState snapshot;
        List<Observation> afterSnapshot = new ArrayList<>();
        List<Action> original = new ArrayList<>();
        try (var first = harness(function, null)) {
            play(first, players, 300, null, null);
            first.prepareSnapshotPreBarrier(1);
            snapshot = first.snapshot(1, 1);
            play(first, players, 300, afterSnapshot, original);
        }
        assertThat(afterSnapshot).hasSize(300 * AGENTS);
        List<Action> restored = new ArrayList<>();
        try (var second = harness(function, snapshot)) {
            for (Observation o : afterSnapshot) {
                int before = second.extractOutputValues().size();
                second.processElement(new StreamRecord<>(o));
                List<Action> out = second.extractOutputValues();
                restored.addAll(out.subList(before, out.size()));
            }
        }
        assertThat(original).hasSizeGreaterThan(280 * AGENTS);
        assertThat(restored).hasSameSizeAs(original);
        for (int i = 0; i < original.size(); i++) {
            assertThat(restored.get(i))
                    .as("action %d", i)
                    .usingRecursiveComparison()
                    .isEqualTo(original.get(i));
        }
    }

    @Test
    @SuppressWarnings("try")
    void misplacedStepsAreDeadLettersAndLeaveTheAgentAsItWas() throws Exception {
        StreamAgentFunction function = function("CartPole-v1", "q", Duration.ofMinutes(5));
        Player player = new Player("a", "CartPole-v1", 1);
        List<Observation> clean = new ArrayList<>();
        List<Action> expected = new ArrayList<>();
        try (var h = harness(function, null)) {
            play(h, List.of(player), 200, clean, expected);
        }
        double[] obs = {0.01, 0.02, 0.03, 0.04};
        List<Action> actions = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        try (var h = harness(function, null)) {
            int junk = 0;
            for (Observation o : clean) {
                int before = h.extractOutputValues().size();
                h.processElement(new StreamRecord<>(o));
                List<Action> out = h.extractOutputValues();
                actions.addAll(out.subList(before, out.size()));
                if (o.step() == 3) {
                    h.processElement(new StreamRecord<>(o)); // the same step again
                    h.processElement(
                            new StreamRecord<>(
                                    new Observation("a", o.episode(), 9, obs, 1, false, false)));
                    h.processElement(
                            new StreamRecord<>(
                                    new Observation(
                                            "a", o.episode() + 5, 2, obs, 1, false, false)));
                    if (o.episode() > 0) {
                        h.processElement(
                                new StreamRecord<>(
                                        new Observation(
                                                "a", o.episode() - 1, 0, obs, 0, false, false)));
                        junk++;
                    }
                    junk += 3;
                    assertThat(h.extractOutputValues()).hasSameSizeAs(out);
                }
            }
            h.getSideOutput(StreamAgentFunction.REJECTED_STEPS)
                    .forEach(r -> dead.add(r.getValue()));
            assertThat(dead).hasSize(junk);
        }
        assertThat(actions).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
        assertThat(dead)
                .allSatisfy(d -> assertThat(d.topic()).isEqualTo("observations"))
                .anySatisfy(d -> assertThat(d.error()).contains("agent 'a': duplicate: step 3"))
                .anySatisfy(d -> assertThat(d.error()).contains("out of order: step 9"))
                .anySatisfy(d -> assertThat(d.error()).contains("unknown episode: step 2"))
                .anySatisfy(d -> assertThat(d.error()).contains("stale episode"));
        assertThat(new String(dead.get(0).value(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"agent\":\"a\"");
    }

    @Test
    @SuppressWarnings("try")
    void aSilentEpisodeIsAbandonedAfterTheTimeout() throws Exception {
        StreamAgentFunction function = function("CartPole-v1", "q", Duration.ofSeconds(1));
        double[] obs = {0.01, 0.02, 0.03, 0.04};
        try (var h = harness(function, null)) {
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(new Observation("a", 0, 0, obs, 0, false, false)));
            h.setProcessingTime(600);
            h.processElement(new StreamRecord<>(new Observation("a", 0, 1, obs, 1, false, false)));
            h.setProcessingTime(1_000); // the first check: a step came 400 ms ago
            h.processElement(new StreamRecord<>(new Observation("a", 0, 2, obs, 1, false, false)));
            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(h.getSideOutput(StreamAgentFunction.REJECTED_STEPS)).isNull();

            h.setProcessingTime(2_000); // silent for 1 s since step 2
            h.processElement(new StreamRecord<>(new Observation("a", 0, 3, obs, 1, false, false)));
            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(h.getSideOutput(StreamAgentFunction.REJECTED_STEPS))
                    .singleElement()
                    .satisfies(
                            r ->
                                    assertThat(r.getValue().error())
                                            .contains(
                                                    "episode 0 already ended at step 2 (timed out")
                                            .contains("start episode 1 with its step 0"));

            h.processElement(new StreamRecord<>(new Observation("a", 1, 0, obs, 0, false, false)));
            assertThat(h.extractOutputValues()).hasSize(4);
            assertThat(h.extractOutputValues().get(3).episode()).isEqualTo(1);
        }
    }

    @Test
    void aSessionSurvivesItsCodecWithItsBookkeeping() {
        AgentSpec spec = AgentSpec.forEnvironment("CartPole-v1", AgentSpec.Algo.AC, 4);
        AgentSession s = new AgentSession(spec.create("x"));
        Player p = new Player("x", "CartPole-v1", 2);
        Action a = null;
        for (int i = 0; i < 700; i++) {
            Observation o = p.next(a);
            AgentSession.Outcome out =
                    s.offer(
                            o.episode(),
                            o.step(),
                            o.obs(),
                            o.reward(),
                            o.terminated(),
                            o.truncated(),
                            i);
            a =
                    out.action() == null
                            ? null
                            : Action.discrete("x", o.episode(), o.step(), (Integer) out.action());
        }
        AgentSessionCodec codec = new AgentSessionCodec();
        AgentSession back = codec.decode(codec.encode(s));
        assertThat(codec.encode(back)).isEqualTo(codec.encode(s));
        assertThat(back.episode()).isEqualTo(s.episode());
        assertThat(back.step()).isEqualTo(s.step());
        assertThat(back.windowedMeanReturn()).isEqualTo(s.windowedMeanReturn()).isPositive();
        assertThat(back.agent().episodes()).isEqualTo(s.agent().episodes()).isPositive();
        // the next action is the same
        Observation o = p.next(a);
        Object next =
                s.offer(
                                o.episode(),
                                o.step(),
                                o.obs(),
                                o.reward(),
                                o.terminated(),
                                o.truncated(),
                                0)
                        .action();
        assertThat(
                        back.offer(
                                        o.episode(),
                                        o.step(),
                                        o.obs(),
                                        o.reward(),
                                        o.terminated(),
                                        o.truncated(),
                                        0)
                                .action())
                .isEqualTo(next);
        assertThat(codec.encode(back)).isEqualTo(codec.encode(s));
    }

    private static StreamAgentFunction function(String envId, String algo, Duration timeout) {
        return new StreamAgentFunction(
                AgentSpec.forEnvironment(envId, AgentSpec.Algo.of(algo), 7),
                timeout,
                "observations");
    }

    /**
     * Plays {@code steps} observations per player, round robin: each gets the action the operator
     * answered to its last one; records what went in and out when asked.
     */
    private static void play(
            KeyedOneInputStreamOperatorTestHarness<String, Observation, Action> h,
            List<Player> players,
            int steps,
            List<Observation> in,
            List<Action> out)
            throws Exception {
        for (int s = 0; s < steps; s++) {
            for (Player p : players) {
                Observation o = p.next(p.pending);
                int before = h.extractOutputValues().size();
                h.processElement(new StreamRecord<>(o));
                List<Action> all = h.extractOutputValues();
                p.pending = all.size() > before ? all.get(all.size() - 1) : null;
                if (in != null) {
                    in.add(o);
                }
                if (out != null && p.pending != null) {
                    out.add(p.pending);
                }
            }
        }
    }

    /** An environment that plays one agent: a reset when there is no action, else a step. */
    private static final class Player {
        final String name;
        final Environment<?> env;
        long episode = -1;
        int step;
        Action pending;

        Player(String name, String envId, long seed) {
            this.name = name;
            this.env =
                    Environments.isContinuous(envId)
                            ? Environments.continuous(envId, seed)
                            : Environments.discrete(envId, seed);
        }

        Observation next(Action a) {
            if (a == null) {
                episode++;
                step = 0;
                return new Observation(name, episode, 0, env.reset(), 0, false, false);
            }
            assertThat(a.agent()).isEqualTo(name);
            assertThat(a.step()).isEqualTo(step);
            Environment.Step s =
                    env instanceof DiscreteEnvironment d
                            ? d.step(a.discrete())
                            : ((ContinuousEnvironment) env).step(a.continuous());
            step++;
            return new Observation(
                    name,
                    episode,
                    step,
                    s.observation(),
                    s.reward(),
                    s.terminated(),
                    s.truncated());
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Observation, Action> harness(
            StreamAgentFunction function, OperatorSubtaskState restoreFrom) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedModelOperator<>(
                                function, new AgentSessionCodec(), KeyedModelOptions.defaults()),
                        Observation::agent,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }
}
