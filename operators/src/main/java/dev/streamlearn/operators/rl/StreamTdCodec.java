package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Version 1 of the TD(lambda) learner's state: the configuration, the observation size, the
 * generator, the normalisation statistics, the episode's position, the network and its trace.
 *
 * <pre>{@code
 * byte[] bytes = new StreamTdCodec().encode(td);
 * StreamTd restored = new StreamTdCodec().decode(bytes);
 * }</pre>
 */
public final class StreamTdCodec implements ModelCodec<StreamTd> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "stream-td";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(StreamTd agent, DataOutput out) throws IOException {
        agent.config().write(out);
        out.writeInt(agent.observationSize());
        agent.writeState(out);
    }

    @Override
    public StreamTd read(int version, DataInput in) throws IOException {
        StreamAgentConfig config = StreamAgentConfig.read(in);
        StreamTd agent = new StreamTd(in.readInt(), config);
        agent.readState(in);
        return agent;
    }
}
