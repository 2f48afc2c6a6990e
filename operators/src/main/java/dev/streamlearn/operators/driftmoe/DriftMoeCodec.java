package dev.streamlearn.operators.driftmoe;

import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.nn.Adam;
import dev.streamlearn.operators.nn.Mlp;
import dev.streamlearn.state.codec.MoaLearnerCodec;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Version 2: the configuration, the router's weights and dropout generator, Adam's moments and step
 * count, the router's pending mini-batch, every expert (MOA envelope), the counters and the
 * router's last loss: all a restored DriftMoE needs to make exactly the predictions the original
 * would have made and report the same figures. Version 1 lacked the last loss (read as NaN).
 */
public final class DriftMoeCodec implements ModelCodec<DriftMoe> {
    private static final long serialVersionUID = 1L;
    private static final MoaLearnerCodec<MoaClassifier> MOA =
            new MoaLearnerCodec<>(MoaClassifier.class);

    @Override
    public String typeName() {
        return "driftmoe";
    }

    @Override
    public int currentVersion() {
        return 2;
    }

    @Override
    public void write(DriftMoe m, DataOutput out) throws IOException {
        DriftMoeConfig c = m.config();
        out.writeUTF(c.variant().name());
        out.writeInt(c.experts());
        out.writeInt(c.topK());
        out.writeInt(c.batchSize());
        out.writeDouble(c.learningRate());
        out.writeInt(c.hidden1());
        out.writeInt(c.hidden2());
        out.writeDouble(c.dropout());
        out.writeDouble(c.temperature());
        out.writeUTF(c.expert());
        out.writeLong(c.seed());
        out.writeInt(m.numClasses());
        m.router().write(out);
        m.adam().write(out);
        out.writeInt(m.bufferX().size());
        for (int b = 0; b < m.bufferX().size(); b++) {
            writeArray(m.bufferX().get(b), out);
            writeArray(m.bufferMask().get(b), out);
        }
        out.writeInt(m.experts().size());
        for (MoaClassifier e : m.experts()) {
            MOA.writeNested(e, out);
        }
        out.writeLong(m.learned());
        long[] routed = m.routedCount();
        for (long r : routed) {
            out.writeLong(r);
        }
        out.writeDouble(m.lastRouterLoss());
    }

    @Override
    public DriftMoe read(int version, DataInput in) throws IOException {
        DriftMoeConfig c =
                new DriftMoeConfig(
                        DriftMoeConfig.Variant.valueOf(in.readUTF()),
                        in.readInt(),
                        in.readInt(),
                        in.readInt(),
                        in.readDouble(),
                        in.readInt(),
                        in.readInt(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readUTF(),
                        in.readLong());
        int numClasses = in.readInt();
        Mlp router = Mlp.read(in);
        Adam adam = Adam.read(in, router, c.learningRate());
        int buffered = in.readInt();
        List<double[]> xs = new ArrayList<>(buffered);
        List<double[]> masks = new ArrayList<>(buffered);
        for (int b = 0; b < buffered; b++) {
            xs.add(readArray(in));
            masks.add(readArray(in));
        }
        int n = in.readInt();
        List<MoaClassifier> experts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            experts.add(MOA.readNested(in));
        }
        long learned = in.readLong();
        long[] routed = new long[n];
        for (int i = 0; i < n; i++) {
            routed[i] = in.readLong();
        }
        double lastLoss = version >= 2 ? in.readDouble() : Double.NaN;
        return new DriftMoe(
                c, numClasses, router, adam, experts, xs, masks, learned, lastLoss, routed);
    }

    private static void writeArray(double[] a, DataOutput out) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] readArray(DataInput in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
