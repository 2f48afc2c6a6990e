package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The continuous AC(lambda) agent's codec. Version 2 (current): the configuration, the observation
 * size, the action bounds, the generator, the normalisation statistics, the episode's position and
 * the pending (unclipped) action, both networks and both eligibility traces, the statistics,
 * networks and optimizers each in their own codec's envelope through {@link
 * dev.streamlearn.operators.ModelCodecs}. Version 1 wrote those parts as their codecs' version 1
 * fields without an envelope; it is read.
 *
 * <pre>{@code
 * byte[] bytes = new StreamGaussianActorCriticCodec().encode(agent);
 * StreamGaussianActorCritic restored = new StreamGaussianActorCriticCodec().decode(bytes);
 * }</pre>
 */
public final class StreamGaussianActorCriticCodec implements ModelCodec<StreamGaussianActorCritic> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "stream-ac-gaussian";
    }

    @Override
    public int currentVersion() {
        return 2;
    }

    @Override
    public void write(StreamGaussianActorCritic agent, DataOutput out) throws IOException {
        agent.config().write(out);
        out.writeInt(agent.observationSize());
        StreamAgentCodecs.writeDoubles(agent.actionLow(), out);
        StreamAgentCodecs.writeDoubles(agent.actionHigh(), out);
        agent.writeState(out);
    }

    @Override
    public StreamGaussianActorCritic read(int version, DataInput in) throws IOException {
        StreamAgentConfig config = StreamAgentConfig.read(in);
        int observationSize = in.readInt();
        double[] low = StreamAgentCodecs.readDoubles(in);
        double[] high = StreamAgentCodecs.readDoubles(in);
        StreamGaussianActorCritic agent =
                new StreamGaussianActorCritic(observationSize, low, high, config);
        agent.readState(in, version);
        return agent;
    }
}
