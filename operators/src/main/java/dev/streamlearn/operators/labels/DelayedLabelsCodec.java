package dev.streamlearn.operators.labels;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The codec of {@link DelayedLabels}. Version 1: the capacity, the count of instances given up, the
 * waiting instances (id, predicted class, features) and the early labels (id, class), each oldest
 * first, ids as length and UTF-8 bytes. These are also the fields that the prequential learner's
 * codec wrote without an envelope before this codec existed (its versions 3 and 4).
 *
 * <pre>{@code
 * byte[] bytes = new DelayedLabelsCodec().encode(labels);
 * DelayedLabels restored = new DelayedLabelsCodec().decode(bytes);
 * }</pre>
 */
public final class DelayedLabelsCodec implements ModelCodec<DelayedLabels> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "delayed-labels";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(DelayedLabels labels, DataOutput out) throws IOException {
        out.writeInt(labels.capacity());
        out.writeLong(labels.givenUp());
        Map<String, DelayedLabels.Pending> waiting = labels.waiting();
        out.writeInt(waiting.size());
        for (Map.Entry<String, DelayedLabels.Pending> e : waiting.entrySet()) {
            LabelIds.write(e.getKey(), out);
            out.writeInt(e.getValue().predicted());
            double[] x = e.getValue().x();
            out.writeInt(x.length);
            for (double v : x) {
                out.writeDouble(v);
            }
        }
        Map<String, Integer> early = labels.earlyLabels();
        out.writeInt(early.size());
        for (Map.Entry<String, Integer> e : early.entrySet()) {
            LabelIds.write(e.getKey(), out);
            out.writeInt(e.getValue());
        }
    }

    @Override
    public DelayedLabels read(int version, DataInput in) throws IOException {
        int capacity = in.readInt();
        long givenUp = in.readLong();
        int n = in.readInt();
        Map<String, DelayedLabels.Pending> waiting = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = LabelIds.read(in);
            int predicted = in.readInt();
            double[] x = new double[in.readInt()];
            for (int j = 0; j < x.length; j++) {
                x[j] = in.readDouble();
            }
            waiting.put(id, new DelayedLabels.Pending(x, predicted));
        }
        int m = in.readInt();
        Map<String, Integer> early = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            early.put(LabelIds.read(in), in.readInt());
        }
        return DelayedLabels.restore(capacity, givenUp, waiting, early);
    }
}
