package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The TD(lambda) learner's codec. Version 3 (current): the configuration, the observation size, the
 * generator, the normalisation statistics, the episode's position, the network and its trace, the
 * configuration, statistics, network and optimizer each in their own codec's envelope through
 * {@link dev.streamlearn.operators.ModelCodecs}. Version 2 wrote the configuration as its codec's
 * version 1 fields without an envelope; version 1 also the statistics, network and optimizer. Both
 * are read.
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
        return 3;
    }

    @Override
    public void write(StreamTd agent, DataOutput out) throws IOException {
        StreamAgentCodecs.writeConfig(agent.config(), out);
        out.writeInt(agent.observationSize());
        agent.writeState(out);
    }

    @Override
    public StreamTd read(int version, DataInput in) throws IOException {
        StreamAgentConfig config = StreamAgentCodecs.readConfig(in, version);
        StreamTd agent = new StreamTd(in.readInt(), config);
        agent.readState(in, version);
        return agent;
    }
}
