package dev.streamlearn.operators.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.rl.env.CartPole;
import dev.streamlearn.operators.rl.env.Environment;
import dev.streamlearn.operators.rl.env.Pendulum;
import dev.streamlearn.state.codec.ModelCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agents' contract: seeded reproducibility, codec round trips that continue exactly, the
 * normalisation and time feature of the reference, Q(lambda)'s trace cutting and the epsilon
 * schedule.
 */
class StreamAgentsTest {

    /** A named factory of agents on CartPole with their codec. */
    record Kind(
            String name,
            Function<StreamAgentConfig, StreamAgent<Integer>> create,
            ModelCodec<? extends StreamAgent<Integer>> codec) {
        @Override
        public String toString() {
            return name;
        }

        @SuppressWarnings("unchecked")
        StreamAgent<Integer> roundTrip(StreamAgent<Integer> agent) {
            ModelCodec<StreamAgent<Integer>> c = (ModelCodec<StreamAgent<Integer>>) codec;
            return c.decode(c.encode(agent));
        }

        @SuppressWarnings("unchecked")
        byte[] bytes(StreamAgent<Integer> agent) {
            return ((ModelCodec<StreamAgent<Integer>>) codec).encode(agent);
        }
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(new Kind("q", c -> new StreamQ(4, 2, c), DiscreteAgentCodec.Q)),
                Arguments.of(
                        new Kind("sarsa", c -> new StreamSarsa(4, 2, c), DiscreteAgentCodec.SARSA)),
                Arguments.of(
                        new Kind(
                                "ac",
                                c -> new StreamActorCritic(4, 2, c),
                                DiscreteAgentCodec.ACTOR_CRITIC)));
    }

    private static StreamAgentConfig config(long seed) {
        // a short epsilon schedule so that short runs see greedy and random actions
        return StreamAgentConfig.defaults().withSeed(seed).withEpsilon(1.0, 0.05, 1000);
    }

    /** Drives an agent through {@code steps} environment steps, starting episodes as needed. */
    static final class Driver {
        final CartPole env;
        Integer action;

        Driver(long seed) {
            env = new CartPole(seed);
        }

        List<Integer> run(Agent<Integer> agent, int steps) {
            List<Integer> actions = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                if (action == null) {
                    action = agent.start(env.reset());
                    actions.add(action);
                }
                Environment.Step s = env.step(action);
                action = agent.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
                actions.add(action);
            }
            return actions;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void sameSeedGivesIdenticalActionsAndWeights(Kind kind) {
        StreamAgent<Integer> a = kind.create().apply(config(3));
        StreamAgent<Integer> b = kind.create().apply(config(3));
        StreamAgent<Integer> other = kind.create().apply(config(4));
        List<Integer> actionsA = new Driver(9).run(a, 3000);
        List<Integer> actionsB = new Driver(9).run(b, 3000);
        List<Integer> actionsOther = new Driver(9).run(other, 3000);
        assertThat(actionsA).isEqualTo(actionsB);
        assertThat(kind.bytes(a)).isEqualTo(kind.bytes(b));
        assertThat(actionsOther).isNotEqualTo(actionsA);
        assertThat(a.episodes()).isGreaterThan(10);
        assertThat(a.steps()).isEqualTo(3000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void codecRoundTripMidEpisodeContinuesWithIdenticalActions(Kind kind) {
        StreamAgent<Integer> original = kind.create().apply(config(5));
        Driver driver = new Driver(21);
        driver.run(original, 1234);
        assertThat(original.inEpisode()).as("snapshot taken mid-episode").isTrue();
        StreamAgent<Integer> restored = kind.roundTrip(original);
        assertThat(kind.bytes(restored)).isEqualTo(kind.bytes(original));

        // both see the same observations; the original's actions drive the environment
        Integer action = driver.action;
        for (int t = 0; t < 2000; t++) {
            if (action == null) {
                double[] obs = driver.env.reset();
                action = original.start(obs);
                assertThat(restored.start(obs)).isEqualTo(action);
            }
            Environment.Step s = driver.env.step(action);
            action = original.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
            Integer other =
                    restored.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
            assertThat(other).as("step %s", t).isEqualTo(action);
            assertThat(restored.lastTdError()).isEqualTo(original.lastTdError());
        }
        assertThat(kind.bytes(restored)).isEqualTo(kind.bytes(original));
        assertThat(restored.episodes()).isEqualTo(original.episodes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void codecRoundTripBetweenEpisodes(Kind kind) {
        StreamAgent<Integer> original = kind.create().apply(config(6));
        Driver driver = new Driver(2);
        while (original.episodes() < 3) {
            driver.run(original, 1);
        }
        assertThat(original.inEpisode()).isFalse();
        StreamAgent<Integer> restored = kind.roundTrip(original);
        double[] obs = driver.env.reset();
        assertThat(restored.start(obs)).isEqualTo(original.start(obs));
        assertThat(restored.lastEpisodeReturn()).isEqualTo(original.lastEpisodeReturn());
    }

    @Test
    void gaussianActorCriticIsReproducibleClipsItsActionsAndRoundTrips() {
        StreamAgentConfig c =
                StreamAgentConfig.continuousDefaults()
                        .withHidden(16)
                        .withTimeLimit(200)
                        .withSeed(1);
        var codec = new StreamGaussianActorCriticCodec();
        var original = new StreamGaussianActorCritic(3, new double[] {-2}, new double[] {2}, c);
        Pendulum env = new Pendulum(3);
        double[] action = original.start(env.reset());
        boolean clipped = false;
        for (int t = 0; t < 450; t++) {
            assertThat(action[0]).isBetween(-2.0, 2.0);
            clipped |= Math.abs(original.unclippedAction()[0]) > 2;
            Environment.Step s = env.step(action);
            action = original.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
            if (action == null) {
                action = original.start(env.reset());
            }
        }
        assertThat(clipped).as("some sampled action was outside the bounds").isTrue();
        StreamGaussianActorCritic restored = codec.decode(codec.encode(original));
        for (int t = 0; t < 300; t++) {
            Environment.Step s = env.step(action);
            action = original.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
            double[] other =
                    restored.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
            if (action == null) {
                assertThat(other).isNull();
                double[] obs = env.reset();
                action = original.start(obs);
                other = restored.start(obs);
            }
            assertThat(other).containsExactly(action);
        }
        assertThat(codec.encode(restored)).isEqualTo(codec.encode(original));
    }

    @Test
    void tdRoundTripsAndItsFirstErrorIsTheScaledReward() {
        StreamAgentConfig c = StreamAgentConfig.defaults().withSeed(2);
        StreamTd td = new StreamTd(4, c);
        // the all-zero first layer (5 inputs) makes v exactly 0 before the first update
        assertThat(td.start(new double[] {0.1, 0.2, 0.3, 0.4})).isZero();
        td.observe(2.0, new double[] {0.2, 0.1, 0.3, 0.5}, false, false);
        // one reward-trace sample: variance 1
        assertThat(td.lastTdError()).isCloseTo(2.0 / Math.sqrt(1 + 1e-8), within(1e-15));
        StreamTdCodec codec = new StreamTdCodec();
        StreamTd restored = codec.decode(codec.encode(td));
        double[] obs = {0.0, 0.3, 0.1, 0.2};
        assertThat(restored.observe(1.0, obs, false, false))
                .isEqualTo(td.observe(1.0, obs, false, false));
    }

    @Test
    void observationsAreNormalisedWithWelfordAndCarryTheTimeFeature() {
        StreamQ agent = new StreamQ(2, 2, StreamAgentConfig.defaults().withTimeLimit(500));
        double[] o0 = {1.0, -3.0};
        double[] o1 = {3.0, 1.0};
        double[] o2 = {2.0, 5.0};
        agent.start(o0);
        assertThat(agent.networkInput()).containsExactly(0.0, 0.0, -0.5);
        agent.observe(1, o1, false, false);
        double r = 1 / Math.sqrt(2);
        double[] in1 = agent.networkInput();
        assertThat(in1[0]).isCloseTo(r, within(1e-7));
        assertThat(in1[1]).isCloseTo(r, within(1e-7));
        assertThat(in1[2]).as("the first step still carries -0.5").isEqualTo(-0.5);
        agent.observe(1, o2, false, false);
        // three samples of x: 1, 3, 2 -> mean 2, sample variance 1; of y: -3, 1, 5 -> 1, 16
        double[] in2 = agent.networkInput();
        assertThat(in2[0]).isCloseTo(0.0, within(1e-12));
        assertThat(in2[1]).isCloseTo(4 / Math.sqrt(16 + 1e-8), within(1e-12));
        assertThat(in2[2]).isEqualTo(-0.5 + 1.0 / 500);
        agent.observe(1, o0, true, false);
        agent.start(o1);
        assertThat(agent.networkInput()[2]).as("reset").isEqualTo(-0.5);
    }

    @Test
    void runningStatsMatchTheSampleMeanAndVariance() {
        RunningStats s = new RunningStats(1);
        assertThat(s.variance(0)).isEqualTo(1);
        double[] xs = {3, -1, 4, 1, -5, 9, 2, 6};
        for (double x : xs) {
            s.update(x);
        }
        double mean = 19.0 / 8;
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        assertThat(s.mean(0)).isCloseTo(mean, within(1e-14));
        assertThat(s.variance(0)).isCloseTo(ss / 7, within(1e-12));
    }

    @Test
    void qCutsItsTraceAfterNonGreedyActionsOnlyAndSarsaNever() {
        StreamAgentConfig random = StreamAgentConfig.defaults().withSeed(1).withEpsilon(1, 1, 1);
        StreamAgentConfig greedy = StreamAgentConfig.defaults().withSeed(1).withEpsilon(0, 0, 1);
        int[] qRandom = zeroTraceSteps(new StreamQ(4, 2, random), StreamQ::optimizer);
        int[] qGreedy = zeroTraceSteps(new StreamQ(4, 2, greedy), StreamQ::optimizer);
        int[] sarsa = zeroTraceSteps(new StreamSarsa(4, 2, random), StreamSarsa::optimizer);
        // [mid-episode steps with an all-zero trace, mid-episode steps]
        assertThat(qRandom[0]).isBetween(qRandom[1] / 4, 3 * qRandom[1] / 4);
        assertThat(qGreedy[0]).isZero();
        assertThat(sarsa[0]).isZero();
        assertThat(sarsa[1]).isGreaterThan(100);
    }

    private static <T extends StreamAgent<Integer>> int[] zeroTraceSteps(
            T agent, Function<T, dev.streamlearn.operators.nn.ObGD> optimizer) {
        CartPole env = new CartPole(8);
        Integer a = agent.start(env.reset());
        int zero = 0;
        int mid = 0;
        for (int t = 0; t < 600; t++) {
            Environment.Step s = env.step(a);
            a = agent.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
            if (a == null) {
                assertThat(optimizer.apply(agent).trace()).containsOnly(0.0);
                a = agent.start(env.reset());
                continue;
            }
            mid++;
            boolean allZero = true;
            for (double z : optimizer.apply(agent).trace()) {
                allZero &= z == 0;
            }
            if (allZero) {
                zero++;
            }
        }
        return new int[] {zero, mid};
    }

    @Test
    void epsilonDecaysLinearlyOverTheExplorationSteps() {
        StreamAgentConfig c = StreamAgentConfig.defaults();
        assertThat(c.explorationSteps()).isEqualTo(25_000);
        assertThat(c.epsilon(1)).isCloseTo(1 - 0.99 / 25_000, within(1e-15));
        assertThat(c.epsilon(12_500)).isCloseTo(0.505, within(1e-12));
        assertThat(c.epsilon(25_000)).isCloseTo(0.01, within(1e-15));
        assertThat(c.epsilon(1_000_000)).isEqualTo(0.01);
    }

    @Test
    void abandoningAnEpisodeClearsTheTraces() {
        StreamActorCritic agent = new StreamActorCritic(4, 2, config(1));
        CartPole env = new CartPole(1);
        Integer a = agent.start(env.reset());
        for (int t = 0; t < 5; t++) {
            Environment.Step s = env.step(a);
            a = agent.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
        }
        assertThat(agent.actorOptimizer().trace())
                .isNotEqualTo(new double[agent.actor().parameterCount()]);
        agent.abandonEpisode();
        assertThat(agent.inEpisode()).isFalse();
        assertThat(agent.actorOptimizer().trace()).containsOnly(0.0);
        assertThat(agent.criticOptimizer().trace()).containsOnly(0.0);
    }

    @Test
    void misuseFailsWithClearMessages() {
        StreamQ agent = new StreamQ(4, 2, config(1));
        assertThatThrownBy(() -> agent.observe(1, new double[4], false, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start(observation)");
        assertThatThrownBy(() -> agent.start(new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 values but the agent was built for 4");
        assertThatThrownBy(() -> StreamAgentConfig.defaults().withGamma(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma must be in [0, 1]");
        assertThatThrownBy(() -> new StreamQ(4, 1, config(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2");
    }
}
