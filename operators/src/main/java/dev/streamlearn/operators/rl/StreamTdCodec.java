package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The TD(lambda) learner's codec. Version 2 (current): the configuration, the observation size, the
 * generator, the normalisation statistics, the episode's position, the network and its trace, the
 * statistics, network and optimizer each in their own codec's envelope through {@link
 * dev.streamlearn.operators.ModelCodecs}. Version 1 wrote those parts as their codecs' version 1
 * fields without an envelope; it is read.
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
        return 2;
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
        agent.readState(in, version);
        return agent;
    }
}
