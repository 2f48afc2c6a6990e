package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Version 1 of an {@link AgentSession}: the agent through its own versioned codec (so that an
 * agent's format evolves on its own), then the episode bookkeeping, the pending timeout check and
 * the window of returns.
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
        byte[] agent = agentBytes(s.agent());
        out.writeInt(agent.length);
        out.write(agent);
        out.writeLong(s.episode);
        out.writeInt(s.step);
        out.writeByte(s.ending.ordinal());
        out.writeLong(s.lastSeenMillis);
        out.writeLong(s.timerAt);
        out.writeLong(s.abandoned);
        out.writeLong(s.rejected);
        out.writeLong(s.returnCount);
        for (double r : s.returns) {
            out.writeDouble(r);
        }
    }

    @Override
    public AgentSession read(int version, DataInput in) throws IOException {
        byte[] agentBytes = new byte[in.readInt()];
        in.readFully(agentBytes);
        AgentSession s = new AgentSession(decodeAgent(agentBytes));
        s.episode = in.readLong();
        s.step = in.readInt();
        int ending = in.readByte();
        if (ending < 0 || ending >= AgentSession.Ending.values().length) {
            throw new IOException("unknown episode ending " + ending);
        }
        s.ending = AgentSession.Ending.values()[ending];
        s.lastSeenMillis = in.readLong();
        s.timerAt = in.readLong();
        s.abandoned = in.readLong();
        s.rejected = in.readLong();
        s.returnCount = in.readLong();
        for (int i = 0; i < s.returns.length; i++) {
            s.returns[i] = in.readDouble();
        }
        return s;
    }

    /**
     * The agent alone, through its own codec: weights, traces, statistics, generator and episode
     * position, without the session's wall-clock bookkeeping. Two runs that fed an agent the same
     * observations give the same bytes.
     */
    public static byte[] agentBytes(Agent<?> agent) {
        if (agent instanceof StreamQ q) {
            return DiscreteAgentCodec.Q.encode(q);
        }
        if (agent instanceof StreamSarsa s) {
            return DiscreteAgentCodec.SARSA.encode(s);
        }
        if (agent instanceof StreamActorCritic ac) {
            return DiscreteAgentCodec.ACTOR_CRITIC.encode(ac);
        }
        if (agent instanceof StreamGaussianActorCritic g) {
            return new StreamGaussianActorCriticCodec().encode(g);
        }
        if (agent instanceof StreamTd td) {
            return new StreamTdCodec().encode(td);
        }
        throw new IllegalArgumentException(
                "no codec for agents of type " + agent.getClass().getName());
    }

    /** Reads an agent written by {@link #agentBytes}, whichever its type. */
    public static Agent<?> decodeAgent(byte[] bytes) throws IOException {
        String type;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            type = in.readUTF();
        }
        ModelCodec<? extends Agent<?>> codec =
                switch (type) {
                    case "stream-q" -> DiscreteAgentCodec.Q;
                    case "stream-sarsa" -> DiscreteAgentCodec.SARSA;
                    case "stream-ac" -> DiscreteAgentCodec.ACTOR_CRITIC;
                    case "stream-ac-gaussian" -> new StreamGaussianActorCriticCodec();
                    case "stream-td" -> new StreamTdCodec();
                    default -> throw new IOException("unknown agent type '" + type + "'");
                };
        return codec.decode(bytes);
    }
}
