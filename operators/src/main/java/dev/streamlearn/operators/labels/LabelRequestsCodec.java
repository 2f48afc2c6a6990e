package dev.streamlearn.operators.labels;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The codec of {@link LabelRequests}. Version 1: the capacity, the counters (received, expired,
 * late, duplicate, unknown), the open requests (id, predicted class, scored, deadline, features)
 * and the remembered ones (id, outcome), each oldest first, ids as length and UTF-8 bytes. These
 * are also the fields the active session's codec wrote without an envelope in its version 1.
 *
 * <pre>{@code
 * byte[] bytes = new LabelRequestsCodec().encode(requests);
 * LabelRequests restored = new LabelRequestsCodec().decode(bytes);
 * }</pre>
 */
public final class LabelRequestsCodec implements ModelCodec<LabelRequests> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "label-requests";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(LabelRequests requests, DataOutput out) throws IOException {
        out.writeInt(requests.capacity());
        for (long c : requests.counters()) {
            out.writeLong(c);
        }
        Map<String, LabelRequests.Request> open = requests.openRequests();
        out.writeInt(open.size());
        for (Map.Entry<String, LabelRequests.Request> e : open.entrySet()) {
            LabelIds.write(e.getKey(), out);
            LabelRequests.Request r = e.getValue();
            out.writeInt(r.predicted());
            out.writeBoolean(r.scored());
            out.writeLong(r.deadline());
            out.writeInt(r.x().length);
            for (double v : r.x()) {
                out.writeDouble(v);
            }
        }
        Map<String, Byte> closed = requests.closedRequests();
        out.writeInt(closed.size());
        for (Map.Entry<String, Byte> e : closed.entrySet()) {
            LabelIds.write(e.getKey(), out);
            out.writeByte(e.getValue());
        }
    }

    @Override
    public LabelRequests read(int version, DataInput in) throws IOException {
        int capacity = in.readInt();
        long[] counters = new long[5];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = in.readLong();
        }
        int n = in.readInt();
        Map<String, LabelRequests.Request> open = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = LabelIds.read(in);
            int predicted = in.readInt();
            boolean scored = in.readBoolean();
            long deadline = in.readLong();
            double[] x = new double[in.readInt()];
            for (int j = 0; j < x.length; j++) {
                x[j] = in.readDouble();
            }
            open.put(id, new LabelRequests.Request(x, predicted, scored, deadline));
        }
        int m = in.readInt();
        Map<String, Byte> closed = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            String id = LabelIds.read(in);
            closed.put(id, in.readByte());
        }
        return LabelRequests.restore(capacity, counters, open, closed);
    }
}
