package dev.streamlearn.operators.tpp.neural;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versioned binary form of a {@link NeuralTpp}: its configuration, its training settings, every
 * parameter (the prompt pools among them) by name, and the trainer's whole state (Adam's moments
 * and counts, the step, the integral points' generator), so that a restored model trains on exactly
 * as the original would have.
 *
 * <p>Version 1: config (12 fields), training (4 fields), parameters (count, then name, length,
 * floats), trainer (samples, step, generator, per parameter: name, count, both moments).
 */
public final class NeuralTppCodec implements ModelCodec<NeuralTpp> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "neural-tpp";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(NeuralTpp tpp, DataOutput out) throws IOException {
        writeConfig(tpp.config(), out);
        NeuralTpp.Training t = tpp.training();
        out.writeInt(t.samples());
        out.writeInt(t.batchSize());
        out.writeLong(t.seed());
        out.writeDouble(t.maxGap());
        Map<String, float[]> params = tpp.model().parameters().values();
        out.writeInt(params.size());
        for (Map.Entry<String, float[]> e : params.entrySet()) {
            out.writeUTF(e.getKey());
            writeFloats(e.getValue(), out);
        }
        AttNhpTrainer.State s = tpp.trainer().state();
        out.writeInt(s.samples());
        out.writeLong(s.step());
        out.writeLong(s.generator());
        out.writeInt(s.counts().size());
        for (String name : s.counts().keySet()) {
            out.writeUTF(name);
            out.writeLong(s.counts().get(name));
            writeFloats(s.first().get(name), out);
            writeFloats(s.second().get(name), out);
        }
    }

    @Override
    public NeuralTpp read(int version, DataInput in) throws IOException {
        AttNhpConfig config = readConfig(in);
        NeuralTpp.Training training =
                new NeuralTpp.Training(in.readInt(), in.readInt(), in.readLong(), in.readDouble());
        Map<String, float[]> params = new LinkedHashMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            params.put(in.readUTF(), readFloats(in));
        }
        int samples = in.readInt();
        long step = in.readLong();
        long generator = in.readLong();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, float[]> first = new LinkedHashMap<>();
        Map<String, float[]> second = new LinkedHashMap<>();
        int m = in.readInt();
        for (int i = 0; i < m; i++) {
            String name = in.readUTF();
            counts.put(name, in.readLong());
            first.put(name, readFloats(in));
            second.put(name, readFloats(in));
        }
        return NeuralTpp.restore(
                config,
                training,
                params,
                new AttNhpTrainer.State(samples, step, generator, first, second, counts));
    }

    private static void writeConfig(AttNhpConfig c, DataOutput out) throws IOException {
        for (int v : c.shape()) {
            out.writeInt(v);
        }
        out.writeDouble(c.pull());
        out.writeDouble(c.learningRate());
        out.writeLong(c.seed());
    }

    private static AttNhpConfig readConfig(DataInput in) throws IOException {
        int[] v = new int[9];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readInt();
        }
        return new AttNhpConfig(
                v[0],
                v[1],
                v[2],
                v[3],
                v[4],
                v[5],
                v[6],
                v[7],
                v[8],
                in.readDouble(),
                in.readDouble(),
                in.readLong());
    }

    private static void writeFloats(float[] values, DataOutput out) throws IOException {
        out.writeInt(values.length);
        for (float f : values) {
            out.writeFloat(f);
        }
    }

    private static float[] readFloats(DataInput in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
