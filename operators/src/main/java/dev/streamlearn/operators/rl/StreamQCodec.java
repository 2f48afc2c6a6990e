package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Version 1 of the Q(lambda) agent's state: the configuration, the observation and action sizes,
 * the generator, the normalisation statistics, the episode's position and pending action, the
 * network weights and the eligibility traces: everything a restored agent needs to choose exactly
 * the actions the original would have chosen.
 *
 * <pre>{@code
 * byte[] bytes = new StreamQCodec().encode(agent);
 * StreamQ restored = new StreamQCodec().decode(bytes);
 * }</pre>
 */
public final class StreamQCodec implements ModelCodec<StreamQ> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "stream-q";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(StreamQ agent, DataOutput out) throws IOException {
        agent.config().write(out);
        out.writeInt(agent.observationSize());
        out.writeInt(agent.actions());
        agent.writeState(out);
    }

    @Override
    public StreamQ read(int version, DataInput in) throws IOException {
        StreamAgentConfig config = StreamAgentConfig.read(in);
        int observationSize = in.readInt();
        int actions = in.readInt();
        StreamQ agent = new StreamQ(observationSize, actions, config);
        agent.readState(in);
        return agent;
    }
}
