package dev.streamlearn.operators.tpp;

import java.util.Arrays;

/**
 * One entity's events on the window {@code [0, horizon]}: times in increasing order and the type of
 * each, {@code 0 <= type < K}.
 *
 * @param times event times, non-decreasing, within {@code [0, horizon]}
 * @param types the type of each event
 * @param horizon the end of the observation window
 */
public record EventSequence(double[] times, int[] types, double horizon) {

    public EventSequence {
        if (times.length != types.length) {
            throw new IllegalArgumentException(
                    times.length + " event times but " + types.length + " event types");
        }
        if (!(horizon >= 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("the horizon must be finite and >= 0: " + horizon);
        }
        for (int i = 0; i < times.length; i++) {
            if (!(times[i] >= (i == 0 ? 0 : times[i - 1])) || times[i] > horizon) {
                throw new IllegalArgumentException(
                        String.format(
                                "event %d at time %s: times must be non-decreasing in [0, %s]",
                                i, times[i], horizon));
            }
            if (types[i] < 0) {
                throw new IllegalArgumentException("event " + i + " has a negative type");
            }
        }
    }

    /** The number of events. */
    public int size() {
        return times.length;
    }

    /** The time since the previous event (since 0 for the first). */
    public double gap(int i) {
        return times[i] - (i == 0 ? 0 : times[i - 1]);
    }

    /** The number of events of each of {@code k} types. */
    public long[] counts(int k) {
        long[] counts = new long[k];
        for (int type : types) {
            counts[type]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventSequence s
                && Arrays.equals(times, s.times)
                && Arrays.equals(types, s.types)
                && horizon == s.horizon;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(times) + Arrays.hashCode(types))
                + Double.hashCode(horizon);
    }

    @Override
    public String toString() {
        return "EventSequence[" + size() + " events on [0, " + horizon + "]]";
    }
}
