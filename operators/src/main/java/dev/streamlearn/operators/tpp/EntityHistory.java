package dev.streamlearn.operators.tpp;

import java.util.Arrays;

/**
 * The last {@code capacity} events of one entity (time in epoch milliseconds and type), oldest
 * first: what a streaming point-process model conditions on. Bounded, so that an entity's state
 * never grows with its age.
 *
 * <pre>{@code
 * EntityHistory h = new EntityHistory(32);
 * h.append(1732600000000L, 2);
 * EventSequence s = h.sequence(1000);   // times in seconds since the oldest kept event
 * }</pre>
 */
public final class EntityHistory {
    private final long[] times;
    private final int[] types;
    private int start;
    private int size;
    private long appended;

    /** An empty history that keeps the last {@code capacity} events ({@code >= 2}). */
    public EntityHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException(
                    "a history needs room for 2 events (one scored given one before): " + capacity);
        }
        this.times = new long[capacity];
        this.types = new int[capacity];
    }

    /** A history holding {@code times} and {@code types} (oldest first), the codec's way back. */
    static EntityHistory of(int capacity, long[] times, int[] types, long appended) {
        EntityHistory h = new EntityHistory(capacity);
        for (int i = 0; i < times.length; i++) {
            h.append(times[i], types[i]);
        }
        h.appended = appended;
        return h;
    }

    public int capacity() {
        return times.length;
    }

    /** The events kept. */
    public int size() {
        return size;
    }

    /** The events ever appended. */
    public long appended() {
        return appended;
    }

    /** The newest event's time; {@code Long.MIN_VALUE} when empty. */
    public long lastTime() {
        return size == 0 ? Long.MIN_VALUE : times[(start + size - 1) % times.length];
    }

    /**
     * Appends an event; the oldest goes when full.
     *
     * @throws IllegalArgumentException when {@code time} is before the newest event's
     */
    public void append(long time, int type) {
        if (size > 0 && time < lastTime()) {
            throw new IllegalArgumentException(
                    String.format(
                            "event at %d is before the entity's last event at %d",
                            time, lastTime()));
        }
        int at = (start + size) % times.length;
        if (size == times.length) {
            start = (start + 1) % times.length;
        } else {
            size++;
        }
        times[at] = time;
        types[at] = type;
        appended++;
    }

    /** The kept times, oldest first (ms). */
    public long[] times() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = times[(start + i) % times.length];
        }
        return out;
    }

    /** The kept types, oldest first. */
    public int[] types() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = types[(start + i) % times.length];
        }
        return out;
    }

    /**
     * The kept events as a sequence in model time: {@code (t − t_oldest) / unitMillis}, so that the
     * same events give the same sequence whenever they are seen.
     */
    public EventSequence sequence(double unitMillis) {
        return sequence(times(), types(), unitMillis);
    }

    /** Events {@code times} (ms, non-decreasing) as a sequence rebased at the first. */
    public static EventSequence sequence(long[] times, int[] types, double unitMillis) {
        double[] t = new double[times.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (times[i] - times[0]) / unitMillis;
        }
        return new EventSequence(t, types.clone(), t.length == 0 ? 0 : t[t.length - 1]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityHistory h
                && h.capacity() == capacity()
                && h.appended == appended
                && Arrays.equals(h.times(), times())
                && Arrays.equals(h.types(), types());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(times()) + Arrays.hashCode(types());
    }

    @Override
    public String toString() {
        return "EntityHistory[" + size + " of " + capacity() + " events kept]";
    }
}
