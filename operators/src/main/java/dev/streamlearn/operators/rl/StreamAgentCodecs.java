package dev.streamlearn.operators.rl;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.nn.LayerNormNet;
import dev.streamlearn.operators.nn.LayerNormNetCodec;
import dev.streamlearn.operators.nn.ObGD;
import dev.streamlearn.operators.nn.ObGDCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Shared pieces of the agent codecs: the configuration and the parts (networks, optimizers,
 * statistics) written in their own codecs' envelopes through {@link ModelCodecs} and read back with
 * shape checks. Version 1 of every agent codec wrote the parts, and versions 1 and 2 the
 * configuration, as their codecs' version 1 fields without an envelope; those are read as such.
 */
final class StreamAgentCodecs {
    /** The first version of the agent codecs that writes each part in its codec's envelope. */
    static final int PARTS_IN_ENVELOPES = 2;

    /** The first version of the agent codecs that writes the configuration in its envelope. */
    static final int CONFIG_IN_ENVELOPE = 3;

    private static final StreamAgentConfigCodec CONFIG = new StreamAgentConfigCodec();

    private static final LayerNormNetCodec NET = new LayerNormNetCodec();
    private static final ObGDCodec OPTIMIZER = new ObGDCodec();
    private static final RunningStatsCodec STATS = new RunningStatsCodec();

    private StreamAgentCodecs() {}

    /** Writes the agent's configuration in its codec's envelope. */
    static void writeConfig(StreamAgentConfig config, DataOutput out) throws IOException {
        ModelCodecs.ALL.write(config, out);
    }

    /** Reads the configuration that version {@code version} of an agent codec wrote. */
    static StreamAgentConfig readConfig(DataInput in, int version) throws IOException {
        return version >= CONFIG_IN_ENVELOPE
                ? ModelCodecs.ALL.read(in, StreamAgentConfig.class)
                : CONFIG.read(1, in);
    }

    /** Writes a network, optimizer or statistics in its codec's envelope. */
    static void writePart(Object part, DataOutput out) throws IOException {
        ModelCodecs.ALL.write(part, out);
    }

    static LayerNormNet readNet(DataInput in, int version, LayerNormNet expectedShape)
            throws IOException {
        LayerNormNet net =
                version >= PARTS_IN_ENVELOPES
                        ? ModelCodecs.ALL.read(in, LayerNormNet.class)
                        : NET.read(1, in);
        if (!Arrays.equals(net.sizes(), expectedShape.sizes())) {
            throw new IOException(
                    "stored network has sizes "
                            + Arrays.toString(net.sizes())
                            + " but the configuration builds "
                            + Arrays.toString(expectedShape.sizes()));
        }
        return net;
    }

    static ObGD readOptimizer(DataInput in, int version, LayerNormNet net) throws IOException {
        ObGD opt =
                version >= PARTS_IN_ENVELOPES
                        ? ModelCodecs.ALL.read(in, ObGD.class)
                        : OPTIMIZER.read(1, in);
        if (opt.parameterCount() != net.parameterCount()) {
            throw new IOException(
                    "stored trace has "
                            + opt.parameterCount()
                            + " entries, the network "
                            + net.parameterCount()
                            + " parameters");
        }
        return opt;
    }

    static RunningStats readStats(DataInput in, int version) throws IOException {
        return version >= PARTS_IN_ENVELOPES
                ? ModelCodecs.ALL.read(in, RunningStats.class)
                : STATS.read(1, in);
    }

    static void writeDoubles(double[] a, DataOutput out) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInput in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
