package dev.streamlearn.operators.active;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of {@link PendingRequests}. Version 1: the number of requests, then each, oldest first:
 * its features (their count first), the class predicted, whether it was drawn at random and the
 * model epoch (the capacity is a constant). These are also the fields the active learner's codec
 * wrote without an envelope in its versions 3 and 4.
 *
 * <pre>{@code
 * byte[] bytes = new PendingRequestsCodec().encode(pending);
 * PendingRequests restored = new PendingRequestsCodec().decode(bytes);
 * }</pre>
 */
public final class PendingRequestsCodec implements ModelCodec<PendingRequests> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "pending-label-requests";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(PendingRequests pending, DataOutput out) throws IOException {
        out.writeInt(pending.size());
        for (PendingRequests.Pending p : pending.all()) {
            out.writeInt(p.x().length);
            for (double v : p.x()) {
                out.writeDouble(v);
            }
            out.writeInt(p.predicted());
            out.writeBoolean(p.unbiased());
            out.writeLong(p.epoch());
        }
    }

    @Override
    public PendingRequests read(int version, DataInput in) throws IOException {
        PendingRequests pending = new PendingRequests();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            double[] x = new double[in.readInt()];
            for (int j = 0; j < x.length; j++) {
                x[j] = in.readDouble();
            }
            pending.add(
                    new PendingRequests.Pending(x, in.readInt(), in.readBoolean(), in.readLong()));
        }
        return pending;
    }
}
