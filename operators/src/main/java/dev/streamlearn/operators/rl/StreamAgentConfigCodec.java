package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link StreamAgentConfig}. Version 1: alpha, gamma, lambda, the value and policy
 * kappas, the entropy coefficient, the hidden units and layers, epsilon's start and end, the
 * exploration steps, the time limit and the seed, in that order. These are also the fields that the
 * stream-x agents' codecs wrote without an envelope before this codec existed (their versions 1 and
 * 2).
 *
 * <pre>{@code
 * byte[] bytes = new StreamAgentConfigCodec().encode(config);
 * StreamAgentConfig restored = new StreamAgentConfigCodec().decode(bytes);
 * }</pre>
 */
public final class StreamAgentConfigCodec implements ModelCodec<StreamAgentConfig> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "stream-agent-config";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(StreamAgentConfig c, DataOutput out) throws IOException {
        out.writeDouble(c.alpha());
        out.writeDouble(c.gamma());
        out.writeDouble(c.lambda());
        out.writeDouble(c.kappaValue());
        out.writeDouble(c.kappaPolicy());
        out.writeDouble(c.entropy());
        out.writeInt(c.hidden());
        out.writeInt(c.hiddenLayers());
        out.writeDouble(c.epsilonStart());
        out.writeDouble(c.epsilonEnd());
        out.writeLong(c.explorationSteps());
        out.writeInt(c.timeLimit());
        out.writeLong(c.seed());
    }

    @Override
    public StreamAgentConfig read(int version, DataInput in) throws IOException {
        return new StreamAgentConfig(
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readInt(),
                in.readInt(),
                in.readDouble(),
                in.readDouble(),
                in.readLong(),
                in.readInt(),
                in.readLong());
    }
}
