package dev.streamlearn.operators.tpp;

import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The versioned binary form of an {@link EntityHistory}.
 *
 * <p>Version 1: capacity, events appended, kept count, then per kept event its time (long) and type
 * (int), oldest first.
 */
public final class EntityHistoryCodec implements ModelCodec<EntityHistory> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "tpp-entity-history";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(EntityHistory h, DataOutput out) throws IOException {
        out.writeInt(h.capacity());
        out.writeLong(h.appended());
        long[] times = h.times();
        int[] types = h.types();
        out.writeInt(times.length);
        for (int i = 0; i < times.length; i++) {
            out.writeLong(times[i]);
            out.writeInt(types[i]);
        }
    }

    @Override
    public EntityHistory read(int version, DataInput in) throws IOException {
        int capacity = in.readInt();
        long appended = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > capacity) {
            throw new IOException(n + " events kept in a history of capacity " + capacity);
        }
        long[] times = new long[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            times[i] = in.readLong();
            types[i] = in.readInt();
        }
        return EntityHistory.of(capacity, times, types, appended);
    }
}
