package dev.streamlearn.operators.tpp.online;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.tpp.neural.AttNhpConfig;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The versioned binary form of an {@link OnlineTppLearner}: the model through {@link ModelCodecs}
 * (its {@link NeuralTppCodec}: parameters, prompt pool, Adam's moments, the generator), the version
 * and window counters, and the events of the open and the closed windows, so that a restored
 * learner trains the same windows into the same next versions. The learner's own settings are
 * written bare: only it needs them (the network's and the training's are the model's).
 *
 * <p>Version 2 (current): as version 1, with the model's envelope written by the registry, after
 * its length. Version 1: history length, unit, window ms, window events, epochs, max sequences; the
 * model's envelope in place (type tag, codec version, fields); version, trained-until, windows
 * trained; open events; closed windows (count, then end and events); events as count, then entity,
 * time, type. Both are read.
 */
public final class OnlineTppLearnerCodec implements ModelCodec<OnlineTppLearner> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "online-tpp-learner";
    }

    @Override
    public int currentVersion() {
        return 2;
    }

    @Override
    public void write(OnlineTppLearner l, DataOutput out) throws IOException {
        OnlineTppConfig c = l.config();
        out.writeInt(c.historyLength());
        out.writeDouble(c.unitMillis());
        out.writeLong(c.windowMillis());
        out.writeInt(c.windowEvents());
        out.writeInt(c.epochs());
        out.writeInt(c.maxSequences());
        ModelCodecs.ALL.write(l.model(), out);
        out.writeLong(l.version());
        out.writeLong(l.trainedUntil());
        out.writeLong(l.windowsTrained());
        writeEvents(l.open(), out);
        out.writeInt(l.closed().size());
        for (OnlineTppLearner.Closed w : l.closed()) {
            out.writeLong(w.end());
            writeEvents(w.events(), out);
        }
    }

    @Override
    public OnlineTppLearner read(int version, DataInput in) throws IOException {
        int history = in.readInt();
        double unit = in.readDouble();
        long windowMillis = in.readLong();
        int windowEvents = in.readInt();
        int epochs = in.readInt();
        int maxSequences = in.readInt();
        NeuralTpp model =
                version >= 2
                        ? ModelCodecs.ALL.read(in, NeuralTpp.class)
                        : ModelCodecs.ALL.readEnvelope(in, NeuralTpp.class);
        AttNhpConfig mc = model.config();
        OnlineTppConfig config =
                new OnlineTppConfig(
                        mc,
                        model.training(),
                        history,
                        unit,
                        windowMillis,
                        windowEvents,
                        epochs,
                        maxSequences,
                        null); // restored: the model in the state, not the one it started from
        long v = in.readLong();
        long trainedUntil = in.readLong();
        long windowsTrained = in.readLong();
        WindowEvents open = readEvents(in);
        ArrayDeque<OnlineTppLearner.Closed> closed = new ArrayDeque<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long end = in.readLong();
            closed.add(new OnlineTppLearner.Closed(end, readEvents(in)));
        }
        return new OnlineTppLearner(config, model, v, trainedUntil, windowsTrained, open, closed);
    }

    private static void writeEvents(WindowEvents e, DataOutput out) throws IOException {
        out.writeInt(e.size());
        for (int i = 0; i < e.size(); i++) {
            out.writeUTF(e.entity(i));
            out.writeLong(e.time(i));
            out.writeInt(e.type(i));
        }
    }

    private static WindowEvents readEvents(DataInput in) throws IOException {
        WindowEvents e = new WindowEvents();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            e.add(in.readUTF(), in.readLong(), in.readInt());
        }
        return e;
    }
}
