package dev.streamlearn.operators.driftmoe;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.nn.Adam;
import dev.streamlearn.operators.nn.AdamCodec;
import dev.streamlearn.operators.nn.Mlp;
import dev.streamlearn.operators.nn.MlpCodec;
import dev.streamlearn.operators.nn.RunningStandardiser;
import dev.streamlearn.operators.nn.RunningStandardiserCodec;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import moa.classifiers.core.driftdetection.ADWIN;

/**
 * Version 6 (current): as version 5, with the experts and the improvements' drift detectors each in
 * its registered codec's envelope through {@link ModelCodecs} (the MOA learner codec of {@link
 * MoaClassifier} and of {@link ADWIN}). Version 5: as version 4, with the router, Adam and the
 * input statistics each in their own codec's envelope through {@link ModelCodecs} (Adam with its
 * hyperparameters); the experts and detectors in the MOA codec's nested form (its version, then its
 * fields, without the type tag), as in versions 2 to 4. Version 4: as version 3, with the
 * improvements' routing dropout after the training weight. Version 3: the configuration with its
 * {@link DriftMoeConfig.Improvements}, the router, ..., then the improvements' state (input
 * statistics, error detectors, warm-up counts, resets). Version 2: the configuration, the router's
 * weights and dropout generator, Adam's moments and step count, the router's pending mini-batch,
 * every expert (MOA envelope), the counters and the router's last loss: all a restored DriftMoE
 * needs to make exactly the predictions the original would have made and report the same figures.
 * Version 1 lacked the last loss (read as NaN). Versions 1 to 4 wrote the router and the statistics
 * as their codecs' version 1 fields without an envelope, and Adam as its step count and moments
 * ({@link AdamCodec#readBare}); all are read.
 */
public final class DriftMoeCodec implements ModelCodec<DriftMoe> {
    private static final long serialVersionUID = 1L;
    private static final MlpCodec ROUTER = new MlpCodec();
    private static final RunningStandardiserCodec STANDARDISER = new RunningStandardiserCodec();

    /** The first version that writes the router, Adam and the statistics in their envelopes. */
    private static final int PARTS_IN_ENVELOPES = 5;

    /** The first version that writes the experts and the detectors in their envelopes. */
    private static final int MOA_PARTS_IN_ENVELOPES = 6;

    @Override
    public String typeName() {
        return "driftmoe";
    }

    @Override
    public int currentVersion() {
        return 6;
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
        DriftMoeConfig.Improvements imp = c.improvements();
        out.writeBoolean(imp.standardise());
        out.writeBoolean(imp.weightedVote());
        out.writeDouble(imp.driftDelta());
        out.writeDouble(imp.trainWeight());
        out.writeBoolean(imp.routingDropout());
        out.writeInt(m.numClasses());
        ModelCodecs.ALL.write(m.router(), out);
        ModelCodecs.ALL.write(m.adam(), out);
        out.writeInt(m.bufferX().size());
        for (int b = 0; b < m.bufferX().size(); b++) {
            writeArray(m.bufferX().get(b), out);
            writeArray(m.bufferMask().get(b), out);
        }
        out.writeInt(m.experts().size());
        for (MoaClassifier e : m.experts()) {
            // Kryo writes fields as they are: MOA's own observer prototype, for MOA's bytes
            e.fastLeafObserverCopies(false);
            try {
                ModelCodecs.ALL.write(e, out);
            } finally {
                e.fastLeafObserverCopies(true);
            }
        }
        out.writeLong(m.learned());
        long[] routed = m.routedCount();
        for (long r : routed) {
            out.writeLong(r);
        }
        out.writeDouble(m.lastRouterLoss());
        DriftMoe.Extras extras = m.extras();
        if (extras.standardiser() != null) {
            ModelCodecs.ALL.write(extras.standardiser(), out);
        }
        if (extras.detectors() != null) {
            for (ADWIN d : extras.detectors()) {
                ModelCodecs.ALL.write(d, out);
            }
        }
        for (int w : extras.warmUp()) {
            out.writeInt(w);
        }
        out.writeLong(extras.resets()[0]);
    }

    @Override
    public DriftMoe read(int version, DataInput in) throws IOException {
        DriftMoeConfig c = readConfig(version, in);
        int numClasses = in.readInt();
        Mlp router;
        Adam adam;
        if (version >= PARTS_IN_ENVELOPES) {
            router = ModelCodecs.ALL.read(in, Mlp.class);
            adam = ModelCodecs.ALL.read(in, Adam.class);
            if (!adam.fits(router)) {
                throw new IOException("stored Adam moments do not have the router's shape");
            }
        } else {
            router = ROUTER.read(1, in);
            adam = AdamCodec.readBare(in, router, c.learningRate());
        }
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
            experts.add(readMoaPart(version, in, MoaClassifier.class));
        }
        long learned = in.readLong();
        long[] routed = new long[n];
        for (int i = 0; i < n; i++) {
            routed[i] = in.readLong();
        }
        double lastLoss = version >= 2 ? in.readDouble() : Double.NaN;
        DriftMoe.Extras extras = DriftMoe.Extras.create(c, router.inputSize(), n);
        if (version >= 3) {
            extras = readExtras(version, in, extras, n);
        }
        return new DriftMoe(
                c, numClasses, router, adam, experts, xs, masks, learned, lastLoss, routed, extras);
    }

    private static DriftMoeConfig readConfig(int version, DataInput in) throws IOException {
        return new DriftMoeConfig(
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
                in.readLong(),
                version >= 3
                        ? new DriftMoeConfig.Improvements(
                                in.readBoolean(),
                                in.readBoolean(),
                                in.readDouble(),
                                in.readDouble(),
                                version >= 4 && in.readBoolean())
                        : DriftMoeConfig.Improvements.NONE);
    }

    /**
     * An expert or a detector: in its envelope from version 6, in the MOA codec's nested form
     * before.
     */
    private static <T> T readMoaPart(int version, DataInput in, Class<T> type) throws IOException {
        return version >= MOA_PARTS_IN_ENVELOPES
                ? ModelCodecs.ALL.read(in, type)
                : ModelCodecs.ALL.codecFor(type).readVersioned(in);
    }

    /** The improvements' state (version 3 on), into {@code extras} as the configuration made it. */
    private static DriftMoe.Extras readExtras(
            int version, DataInput in, DriftMoe.Extras extras, int n) throws IOException {
        if (extras.standardiser() != null) {
            extras =
                    new DriftMoe.Extras(
                            version >= PARTS_IN_ENVELOPES
                                    ? ModelCodecs.ALL.read(in, RunningStandardiser.class)
                                    : STANDARDISER.read(1, in),
                            extras.detectors(),
                            extras.warmUp(),
                            extras.resets());
        }
        if (extras.detectors() != null) {
            for (int i = 0; i < n; i++) {
                extras.detectors()[i] = readMoaPart(version, in, ADWIN.class);
            }
        }
        for (int i = 0; i < n; i++) {
            extras.warmUp()[i] = in.readInt();
        }
        extras.resets()[0] = in.readLong();
        return extras;
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
