package dev.streamlearn.operators.rl;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The continuous AC(lambda) agent's codec. Version 3 (current): the configuration, the observation
 * size, the action bounds, the generator, the normalisation statistics, the episode's position and
 * the pending (unclipped) action, both networks and both eligibility traces, the configuration,
 * statistics, networks and optimizers each in their own codec's envelope through {@link
 * dev.streamlearn.operators.ModelCodecs}. Version 2 wrote the configuration as its codec's version
 * 1 fields without an envelope; version 1 also the statistics, networks and optimizers. Both are
 * read.
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
        return 3;
    }

    @Override
    public void write(StreamGaussianActorCritic agent, DataOutput out) throws IOException {
        StreamAgentCodecs.writeConfig(agent.config(), out);
        out.writeInt(agent.observationSize());
        StreamAgentCodecs.writeDoubles(agent.actionLow(), out);
        StreamAgentCodecs.writeDoubles(agent.actionHigh(), out);
        agent.writeState(out);
    }

    @Override
    public StreamGaussianActorCritic read(int version, DataInput in) throws IOException {
        StreamAgentConfig config = StreamAgentCodecs.readConfig(in, version);
        int observationSize = in.readInt();
        double[] low = StreamAgentCodecs.readDoubles(in);
        double[] high = StreamAgentCodecs.readDoubles(in);
        StreamGaussianActorCritic agent =
                new StreamGaussianActorCritic(observationSize, low, high, config);
        agent.readState(in, version);
        return agent;
    }
}
