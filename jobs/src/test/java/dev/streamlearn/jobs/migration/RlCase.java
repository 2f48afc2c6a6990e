package dev.streamlearn.jobs.migration;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.jobs.RlJob;
import dev.streamlearn.jobs.RlTopics;
import dev.streamlearn.operators.nn.SplitMix64;
import dev.streamlearn.operators.rl.AgentSpec;
import dev.streamlearn.operators.rl.env.CartPole;
import dev.streamlearn.operators.rl.env.Environment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The RL job, wired by {@link RlJob#wire}, with a stream Q(lambda) agent per key on CartPole-v1
 * observations. The job acts, but nothing here closes the loop: the observations were recorded
 * beforehand from CartPole played by a seeded random policy, so they do not depend on the job's
 * actions nor on the timing of a loop; the job only needs well-formed consecutive steps.
 *
 * <p>Every agent's last episode before the savepoint ends there (terminated or truncated): the
 * episode timeout runs in processing time, and a timer restored long after the savepoint fires at
 * once, so an episode left open across the savepoint would be abandoned or not depending on when
 * the savepoint is restored.
 */
final class RlCase implements FrozenCase {
    private static final List<String> AGENTS = List.of("a0", "a1");
    private static final AgentSpec SPEC =
            AgentSpec.forEnvironment("CartPole-v1", AgentSpec.Algo.Q, 7);
    private static final Duration EPISODE_TIMEOUT = Duration.ofMinutes(10);
    private static final int STEPS_A = 120;
    private static final int STEPS_B = 60;

    /** The first observation's Kafka timestamp; 50 ms per observation after it. */
    private static final long T0 = 1_700_000_000_000L;

    private final RlTopics topics =
            new RlTopics("rl-observations", "rl-actions", "rl-dead-letters");

    @Override
    public String name() {
        return "rl";
    }

    @Override
    public String jobName() {
        return "frozen-rl";
    }

    @Override
    public List<String> inputTopics() {
        return List.of(topics.observations());
    }

    @Override
    public List<String> outputTopics() {
        return List.of(topics.actions(), topics.deadLetters());
    }

    @Override
    public String deadLetterTopic() {
        return topics.deadLetters();
    }

    RlJob.Options options(String bootstrapServers) {
        return RlJob.Options.builder(bootstrapServers, SPEC)
                .topics(topics)
                .environment("CartPole-v1")
                .ids(jobName(), jobName())
                .episodeTimeout(EPISODE_TIMEOUT)
                .build();
    }

    @Override
    public void wire(StreamExecutionEnvironment env, String bootstrapServers) {
        RlJob.wire(env, options(bootstrapServers));
    }

    /**
     * A1: whole episodes of each agent until it took at least {@value #STEPS_A} steps; B1: episodes
     * until {@value #STEPS_B} more (the last one cut short). Bad observations in both: malformed
     * JSON, a wrong size, a duplicate step, a step out of order.
     */
    @Override
    public List<Phase> plan() {
        List<Recorder> agents = new ArrayList<>();
        for (int a = 0; a < AGENTS.size(); a++) {
            agents.add(new Recorder(AGENTS.get(a), 100 + a, 200 + a));
        }
        List<List<Observation>> a = new ArrayList<>();
        List<List<Observation>> b = new ArrayList<>();
        for (Recorder r : agents) {
            a.add(r.play(STEPS_A, true));
            b.add(r.play(STEPS_B, false));
        }
        Stamp stamp = new Stamp();
        return List.of(
                Phase.fixed("A1", interleave("A1", a, stamp, 23)),
                Phase.fixed("B1", interleave("B1", b, stamp, 11)));
    }

    /** CartPole with a seeded random policy, recording what an environment would send. */
    private static final class Recorder {
        private final String agent;
        private final CartPole env;
        private final SplitMix64 policy;
        private long episode = -1;
        private int step;
        private boolean done = true;

        Recorder(String agent, long envSeed, long policySeed) {
            this.agent = agent;
            this.env = new CartPole(envSeed);
            this.policy = new SplitMix64(policySeed);
        }

        /** At least {@code steps} observations; through the end of an episode if {@code whole}. */
        List<Observation> play(int steps, boolean whole) {
            List<Observation> out = new ArrayList<>();
            while (out.size() < steps || (whole && !done)) {
                if (done) {
                    episode++;
                    step = 0;
                    done = false;
                    out.add(new Observation(agent, episode, 0, env.reset(), 0, false, false));
                    continue;
                }
                Environment.Step s = env.step(policy.nextDouble() < 0.5 ? 0 : 1);
                done = s.done();
                out.add(
                        new Observation(
                                agent,
                                episode,
                                ++step,
                                s.observation(),
                                s.reward(),
                                s.terminated(),
                                s.truncated()));
            }
            return out;
        }
    }

    /** Kafka timestamps, 50 ms apart over both phases. */
    private static final class Stamp {
        private long n;

        long next() {
            return T0 + 50 * n++;
        }
    }

    /**
     * The agents' observations round-robin, with four bad ones after the {@code at}-th step of the
     * first agent: malformed JSON, three values instead of four, that step again (a duplicate) and
     * a step two ahead of the next one (out of order); and a last one, not JSON.
     */
    private List<InputRecord> interleave(
            String phase, List<List<Observation>> agents, Stamp stamp, int at) {
        List<InputRecord> out = new ArrayList<>();
        int longest = agents.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<Observation> steps : agents) {
                if (i < steps.size()) {
                    out.add(record(phase, steps.get(i), stamp));
                }
            }
            if (i == at) {
                Observation o = agents.get(0).get(i);
                out.add(raw(phase, o.agent(), "{\"agent\":\"" + o.agent() + "\",", stamp));
                out.add(record(phase, withObs(o, new double[] {0.1, 0.2, 0.3}, o.step()), stamp));
                out.add(record(phase, o, stamp));
                out.add(record(phase, withObs(o, o.obs(), o.step() + 2), stamp));
            }
        }
        // the end of the phase
        out.add(raw(phase, AGENTS.get(1), "not json", stamp));
        return out;
    }

    private static Observation withObs(Observation o, double[] obs, int step) {
        return new Observation(
                o.agent(), o.episode(), step, obs, o.reward(), o.terminated(), o.truncated());
    }

    private InputRecord record(String phase, Observation o, Stamp stamp) {
        return new InputRecord(
                phase, topics.observations(), o.agent(), stamp.next(), RecordJson.observation(o));
    }

    private InputRecord raw(String phase, String agent, String text, Stamp stamp) {
        return new InputRecord(
                phase,
                topics.observations(),
                agent,
                stamp.next(),
                text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String describe() {
        return """
                Job: `RlJob.wire(env, options)`, the RL job as users run it: stream Q(lambda) \
                agents (`AgentSpec.forEnvironment("CartPole-v1", Q, 7)`), episode timeout %d \
                minutes, other options at their defaults; group and transactional-id prefix \
                `%s`. Topics: %s.

                Input: open loop, recorded from CartPole-v1 (seeds 100, 101) played by a random \
                policy (SplitMix64 seeds 200, 201) for agents %s, round-robin, Kafka timestamps \
                %d plus 50 ms per record. A1: whole episodes until each agent took at least %d \
                steps (every episode ends before the savepoint). B1: %d more steps per agent, \
                the last episode cut short. Each phase has four bad observations of a0 \
                (malformed JSON, three values instead of four, a duplicate step, a step out of \
                order) and ends with a record that is not JSON.
                """
                .formatted(
                        EPISODE_TIMEOUT.toMinutes(),
                        jobName(),
                        topics.all(),
                        AGENTS,
                        T0,
                        STEPS_A,
                        STEPS_B);
    }
}
