package dev.streamlearn.operators.rl;

import static dev.streamlearn.operators.CodecFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.CodecFixtures;
import dev.streamlearn.operators.rl.env.CartPole;
import dev.streamlearn.operators.rl.env.Environment;
import dev.streamlearn.operators.rl.env.Pendulum;
import dev.streamlearn.state.codec.ModelCodec;
import dev.streamlearn.state.codec.RawModelCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads each stream-x agent from the bytes that versions 1 and 2 of its codec wrote, kept as test
 * resources, and checks that it acts, errs and steps exactly as the agent that was saved, mid
 * episode, on a fixed sequence of transitions; its re-encoding is the current version and does the
 * same. Version 1 wrote the networks, traces and normalisation statistics as bare fields, before
 * they had codecs of their own; version 2 wrote them in their codecs' envelopes but the
 * configuration bare. Regenerate only on purpose, with a build whose agent codecs write that
 * version (a resource is never rewritten by a later version):
 *
 * <pre>
 * mvn -o test -pl operators -DexcludedGroups=none \
 *     -Dtest=StreamAgentCodecUpgradeTest#regenerateTheVersion2Resources
 * </pre>
 */
class StreamAgentCodecUpgradeTest {
    private static final int TRAINED = 1_500;
    private static final int PROBES = 400;

    private static StreamAgentConfig discrete(long seed) {
        return StreamAgentConfig.defaults()
                .withHidden(16)
                .withSeed(seed)
                .withEpsilon(1.0, 0.05, 1000);
    }

    private static StreamAgentConfig continuous(long seed) {
        return StreamAgentConfig.continuousDefaults()
                .withHidden(16)
                .withTimeLimit(200)
                .withSeed(seed);
    }

    /** The saved agents: how each is built, trained and probed. */
    enum Saved {
        Q(DiscreteAgentCodec.Q, () -> new StreamQ(4, 2, discrete(1)), Saved::cartPole),
        SARSA(DiscreteAgentCodec.SARSA, () -> new StreamSarsa(4, 2, discrete(2)), Saved::cartPole),
        ACTOR_CRITIC(
                DiscreteAgentCodec.ACTOR_CRITIC,
                () -> new StreamActorCritic(4, 2, discrete(3)),
                Saved::cartPole),
        TD(new StreamTdCodec(), () -> new StreamTd(4, discrete(4)), Saved::cartPole),
        GAUSSIAN_ACTOR_CRITIC(
                new StreamGaussianActorCriticCodec(),
                () ->
                        new StreamGaussianActorCritic(
                                3, new double[] {-2}, new double[] {2}, continuous(5)),
                Saved::pendulum);

        final ModelCodec<?> codec;
        final Supplier<StreamAgent<?>> agent;
        final Supplier<Driven<?>> environment;

        Saved(ModelCodec<?> codec, Supplier<StreamAgent<?>> agent, Supplier<Driven<?>> env) {
            this.codec = codec;
            this.agent = agent;
            this.environment = env;
        }

        /** The resource's path without its extension, of the bytes that {@code version} wrote. */
        String resource(int version) {
            return "codec/" + codec.typeName() + "-v" + version;
        }

        /** CartPole, driven by the agent's actions where it chooses them, else left-left-right. */
        private static Driven<?> cartPole() {
            return new Driven<>(new CartPole(11), t -> t % 3 == 2 ? 1 : 0);
        }

        private static Driven<?> pendulum() {
            return new Driven<>(new Pendulum(12), t -> new double[] {2 * Math.sin(t / 5.0)});
        }

        @SuppressWarnings("unchecked")
        byte[] encode(StreamAgent<?> a) {
            return ((ModelCodec<Object>) codec).encode(a);
        }

        StreamAgent<?> decode(byte[] bytes) {
            return (StreamAgent<?>) codec.decode(bytes);
        }
    }

    /** An environment and the fixed actions that drive it where the agent's do not. */
    record Driven<E>(Environment<E> env, IntFunction<E> fixed) {
        /**
         * Trains {@code agent} for {@code steps} steps, driving the environment with the agent's
         * actions when they are the environment's kind (the TD learner returns values instead).
         */
        @SuppressWarnings("unchecked")
        void train(StreamAgent<?> agent, int steps) {
            Object out = agent.start(env.reset());
            for (int t = 0; t < steps; t++) {
                E action = isAction(out) ? (E) out : fixed.apply(t);
                Environment.Step s = env.step(action);
                out = agent.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
                if (!agent.inEpisode()) {
                    out = agent.start(s.done() ? env.reset() : s.observation());
                }
            }
        }

        private static boolean isAction(Object out) {
            return out instanceof Integer || out instanceof double[];
        }

        /**
         * What the agent does on a transition sequence fixed in advance (the environment driven by
         * {@link #fixed} alone), whatever it answers: the agent's answer, TD error and step size.
         */
        Properties probes(StreamAgent<?> agent, int steps) {
            Properties p = new Properties();
            double[] first = env.reset();
            if (!agent.inEpisode()) {
                p.setProperty("start", format(agent.start(first)));
            }
            for (int t = 0; t < steps; t++) {
                Environment.Step s = env.step(fixed.apply(t));
                Object out =
                        agent.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
                p.setProperty(
                        "step." + t,
                        format(out) + ";" + agent.lastTdError() + ";" + agent.lastStepSize());
                if (!agent.inEpisode()) {
                    Object start = agent.start(s.done() ? env.reset() : s.observation());
                    p.setProperty("start." + t, format(start));
                }
            }
            p.setProperty("after.steps", Long.toString(agent.steps()));
            p.setProperty("after.episodes", Long.toString(agent.episodes()));
            p.setProperty("after.lastEpisodeReturn", Double.toString(agent.lastEpisodeReturn()));
            return p;
        }

        private static String format(Object out) {
            if (out instanceof double[] a) {
                List<String> s = new ArrayList<>();
                for (double v : a) {
                    s.add(Double.toString(v));
                }
                return String.join(",", s);
            }
            return String.valueOf(out);
        }
    }

    private static StreamAgent<?> trained(Saved saved) {
        StreamAgent<?> agent = saved.agent.get();
        saved.environment.get().train(agent, TRAINED);
        return agent;
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    @Tag("regenerate")
    void regenerateTheVersion1Resources(Saved saved) throws IOException {
        regenerate(saved, 1);
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    @Tag("regenerate")
    void regenerateTheVersion2Resources(Saved saved) throws IOException {
        regenerate(saved, 2);
    }

    private static void regenerate(Saved saved, int version) throws IOException {
        assertThat(saved.codec.currentVersion())
                .as("only codec version %d writes it", version)
                .isEqualTo(version);
        StreamAgent<?> agent = trained(saved);
        assertThat(agent.inEpisode()).as("saved mid-episode").isTrue();
        Path dir = Path.of("src", "test", "resources");
        Files.write(dir.resolve(saved.resource(version) + ".bin"), saved.encode(agent));
        Properties probes = saved.environment.get().probes(agent, PROBES);
        List<String> lines = new ArrayList<>();
        lines.add(
                "# A "
                        + saved.codec.typeName()
                        + " agent after "
                        + TRAINED
                        + " steps, saved with its codec's version "
                        + version
                        + "; its answer, TD error and step"
                        + " size on each of the next "
                        + PROBES
                        + " transitions of a fixed sequence, and its counts after them.");
        probes.stringPropertyNames().stream()
                .sorted()
                .forEach(n -> lines.add(n + "=" + probes.getProperty(n)));
        Files.write(
                dir.resolve(saved.resource(version) + ".golden.properties"),
                lines,
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    void readsVersion1BytesAndActsAsTheSavedAgent(Saved saved) throws IOException {
        readsAndActsAsTheSavedAgent(saved, 1);
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    void readsVersion2BytesAndActsAsTheSavedAgent(Saved saved) throws IOException {
        readsAndActsAsTheSavedAgent(saved, 2);
    }

    private static void readsAndActsAsTheSavedAgent(Saved saved, int version) throws IOException {
        byte[] bytes = resource(saved.resource(version) + ".bin");
        assertThat(new RawModelCodec().decode(bytes).version()).isEqualTo(version);
        Properties golden = CodecFixtures.golden(saved.resource(version) + ".golden.properties");

        StreamAgent<?> restored = saved.decode(bytes);
        assertThat(restored.config())
                .as("every field of the configuration, the seed too")
                .isEqualTo(saved.agent.get().config());
        byte[] current = saved.encode(restored);
        assertThat(new RawModelCodec().decode(current).version())
                .isEqualTo(saved.codec.currentVersion());
        StreamAgent<?> reread = saved.decode(current);
        assertThat(saved.encode(reread)).isEqualTo(current);
        assertThat(saved.environment.get().probes(restored, PROBES)).isEqualTo(golden);
        assertThat(saved.environment.get().probes(reread, PROBES))
                .as("after a round trip in the current version")
                .isEqualTo(golden);
    }
}
