package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * The codec of the discrete-action agents, one instance per agent type ({@link #Q}, {@link #SARSA},
 * {@link #ACTOR_CRITIC}). Version 3 (current): the configuration, the observation and action sizes,
 * then the agent's state (generator, normalisation statistics, episode position and pending action,
 * network weights, eligibility traces): everything a restored agent needs to choose exactly the
 * actions the original would have chosen. Its statistics, networks and optimizers are each in their
 * own codec's envelope through {@link dev.streamlearn.operators.ModelCodecs}, the configuration
 * too. Version 2 wrote the configuration as its codec's version 1 fields without an envelope;
 * version 1 also the other parts. Both are read.
 *
 * <pre>{@code
 * byte[] bytes = DiscreteAgentCodec.Q.encode(agent);
 * StreamQ restored = DiscreteAgentCodec.Q.decode(bytes);
 * }</pre>
 *
 * @param <A> the agent type
 */
public final class DiscreteAgentCodec<A extends StreamAgent<Integer>> implements ModelCodec<A> {
    private static final long serialVersionUID = 1L;

    /** Builds an agent of the stored shape, ready for its state. */
    @FunctionalInterface
    interface Factory<A> extends Serializable {
        A create(int observationSize, int actions, StreamAgentConfig config);
    }

    /** The number of actions of an agent. */
    @FunctionalInterface
    interface Actions<A> extends Serializable {
        int of(A agent);
    }

    /** Stream Q(lambda). */
    public static final DiscreteAgentCodec<StreamQ> Q =
            new DiscreteAgentCodec<>("stream-q", StreamQ::new, StreamQ::actions);

    /** Stream SARSA(lambda). */
    public static final DiscreteAgentCodec<StreamSarsa> SARSA =
            new DiscreteAgentCodec<>("stream-sarsa", StreamSarsa::new, StreamSarsa::actions);

    /** Stream actor-critic(lambda) with a softmax policy. */
    public static final DiscreteAgentCodec<StreamActorCritic> ACTOR_CRITIC =
            new DiscreteAgentCodec<>(
                    "stream-ac", StreamActorCritic::new, StreamActorCritic::actions);

    private final String typeName;
    private final Factory<A> factory;
    private final Actions<A> actions;

    private DiscreteAgentCodec(String typeName, Factory<A> factory, Actions<A> actions) {
        this.typeName = typeName;
        this.factory = factory;
        this.actions = actions;
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public int currentVersion() {
        return 3;
    }

    @Override
    public void write(A agent, DataOutput out) throws IOException {
        StreamAgentCodecs.writeConfig(agent.config(), out);
        out.writeInt(agent.observationSize());
        out.writeInt(actions.of(agent));
        agent.writeState(out);
    }

    @Override
    public A read(int version, DataInput in) throws IOException {
        StreamAgentConfig config = StreamAgentCodecs.readConfig(in, version);
        int observationSize = in.readInt();
        int n = in.readInt();
        A agent = factory.create(observationSize, n, config);
        agent.readState(in, version);
        return agent;
    }
}
