package dev.streamlearn.operators.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.rl.env.CartPole;
import dev.streamlearn.operators.rl.env.Environment;
import dev.streamlearn.state.codec.RawModelCodec;
import org.junit.jupiter.api.Test;

/**
 * The agents' configuration in its own codec: every field reads back, and an agent built from the
 * restored configuration acts as one built from the original.
 */
class StreamAgentConfigCodecTest {

    @Test
    void aRestoredConfigurationBuildsAnAgentThatActsAsTheOriginals() {
        // no field at its default, so that two fields read in each other's place would show
        StreamAgentConfig original =
                new StreamAgentConfig(
                        0.7, 0.95, 0.6, 1.5, 2.5, 0.02, 24, 3, 0.9, 0.05, 2_000, 300, 17);
        byte[] bytes = ModelCodecs.ALL.encode(original);
        RawModelCodec.RawModel raw = new RawModelCodec().decode(bytes);
        assertThat(raw.typeName()).isEqualTo("stream-agent-config");
        assertThat(raw.version()).isEqualTo(1);
        StreamAgentConfig restored = ModelCodecs.ALL.decode(bytes, StreamAgentConfig.class);
        assertThat(restored).isEqualTo(original).isNotSameAs(original);
        assertThat(ModelCodecs.ALL.encode(restored)).containsExactly(bytes);

        StreamActorCritic a = new StreamActorCritic(4, 2, original);
        StreamActorCritic b = new StreamActorCritic(4, 2, restored);
        Environment<Integer> envA = new CartPole(3);
        Environment<Integer> envB = new CartPole(3);
        Integer actionA = a.start(envA.reset());
        Integer actionB = b.start(envB.reset());
        for (int t = 0; t < 2_000; t++) {
            assertThat(actionB).as("step %d", t).isEqualTo(actionA);
            Environment.Step sa = envA.step(actionA);
            Environment.Step sb = envB.step(actionB);
            actionA = a.observe(sa.reward(), sa.observation(), sa.terminated(), sa.truncated());
            actionB = b.observe(sb.reward(), sb.observation(), sb.terminated(), sb.truncated());
            assertThat(b.lastTdError()).isEqualTo(a.lastTdError());
            if (!a.inEpisode()) {
                actionA = a.start(sa.done() ? envA.reset() : sa.observation());
                actionB = b.start(sb.done() ? envB.reset() : sb.observation());
            }
        }
        assertThat(b.episodes()).isEqualTo(a.episodes()).isPositive();
    }
}
