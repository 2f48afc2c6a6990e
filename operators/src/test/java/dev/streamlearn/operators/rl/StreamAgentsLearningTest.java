package dev.streamlearn.operators.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.rl.env.CartPole;
import dev.streamlearn.operators.rl.env.Environment;
import java.util.Arrays;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The agents learn CartPole: the median over three seeds of the mean return of the last 20 episodes
 * of a short run beats a random policy (about 22) by a wide margin. Medians over seeds keep the
 * test robust to an unlucky seed.
 */
class StreamAgentsLearningTest {

    static double meanLast20(Agent<Integer> agent, long envSeed, int steps) {
        CartPole env = new CartPole(envSeed);
        double[] returns = new double[steps];
        int episodes = 0;
        Integer a = agent.start(env.reset());
        for (int t = 0; t < steps; t++) {
            Environment.Step s = env.step(a);
            a = agent.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
            if (a == null) {
                returns[episodes++] = agent.lastEpisodeReturn();
                a = agent.start(env.reset());
            }
        }
        int n = Math.min(20, episodes);
        return Arrays.stream(returns, episodes - n, episodes).average().orElse(0);
    }

    static double medianOverSeeds(LongFunction<Agent<Integer>> create, int steps) {
        double[] m = new double[3];
        for (int seed = 0; seed < 3; seed++) {
            m[seed] = meanLast20(create.apply(seed), 100 + seed, steps);
        }
        Arrays.sort(m);
        return m[1];
    }

    @Test
    void randomPolicyScoresAbout22() {
        CartPole env = new CartPole(1);
        java.util.Random random = new java.util.Random(1);
        double total = 0;
        for (int e = 0; e < 200; e++) {
            env.reset();
            Environment.Step s;
            do {
                s = env.step(random.nextInt(2));
                total += s.reward();
            } while (!s.done());
        }
        assertThat(total / 200).isBetween(15.0, 30.0);
    }

    @Test
    void actorCriticLearnsCartPoleIn15000Steps() {
        double median =
                medianOverSeeds(
                        seed ->
                                new StreamActorCritic(
                                        4, 2, StreamAgentConfig.defaults().withSeed(seed)),
                        15_000);
        assertThat(median).isGreaterThan(150);
    }

    @Test
    void qLearnsCartPoleIn30000Steps() {
        double median =
                medianOverSeeds(
                        seed -> new StreamQ(4, 2, StreamAgentConfig.defaults().withSeed(seed)),
                        30_000);
        assertThat(median).isGreaterThan(100);
    }
}
