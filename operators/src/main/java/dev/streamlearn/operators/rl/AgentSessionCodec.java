package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Version 1 of an {@link AgentSession}: the agent in its own codec's envelope, through {@link
 * ModelCodecs} (its type tag says which agent; an agent's format evolves on its own), then the
 * episode bookkeeping, the pending timeout check and the window of returns.
 *
 * <pre>{@code
 * byte[] bytes = new AgentSessionCodec().encode(session);
 * AgentSession restored = new AgentSessionCodec().decode(bytes);
 * }</pre>
 */
public final class AgentSessionCodec implements ModelCodec<AgentSession> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "rl-agent-session";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(AgentSession s, DataOutput out) throws IOException {
        ModelCodecs.ALL.write(s.agent(), out);
        AgentSession.Bookkeeping b = s.bookkeeping();
        out.writeLong(b.episode());
        out.writeInt(b.step());
        out.writeByte(b.ending().ordinal());
        out.writeLong(b.lastSeenMillis());
        out.writeLong(b.timerAt());
        out.writeLong(b.abandoned());
        out.writeLong(b.rejected());
        out.writeLong(b.returnCount());
        for (double r : b.returns()) {
            out.writeDouble(r);
        }
    }

    @Override
    public AgentSession read(int version, DataInput in) throws IOException {
        Agent<?> agent = ModelCodecs.ALL.read(in, Agent.class);
        long episode = in.readLong();
        int step = in.readInt();
        int ending = in.readByte();
        if (ending < 0 || ending >= AgentSession.Ending.values().length) {
            throw new IOException("unknown episode ending " + ending);
        }
        long lastSeenMillis = in.readLong();
        long timerAt = in.readLong();
        long abandoned = in.readLong();
        long rejected = in.readLong();
        long returnCount = in.readLong();
        double[] returns = new double[AgentSession.RETURN_WINDOW];
        for (int i = 0; i < returns.length; i++) {
            returns[i] = in.readDouble();
        }
        return new AgentSession(
                agent,
                new AgentSession.Bookkeeping(
                        episode,
                        step,
                        AgentSession.Ending.values()[ending],
                        lastSeenMillis,
                        timerAt,
                        abandoned,
                        rejected,
                        returns,
                        returnCount));
    }
}
