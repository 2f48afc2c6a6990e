package dev.streamlearn.operators.tpp.online;

import dev.streamlearn.operators.tpp.EntityHistory;
import dev.streamlearn.operators.tpp.EventSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The events of one window in arrival order: entity, time (ms) and type of each. */
public final class WindowEvents {
    private final List<String> entities = new ArrayList<>();
    private long[] times = new long[16];
    private int[] types = new int[16];

    public void add(String entity, long time, int type) {
        int n = entities.size();
        if (n == times.length) {
            times = Arrays.copyOf(times, 2 * n);
            types = Arrays.copyOf(types, 2 * n);
        }
        entities.add(entity);
        times[n] = time;
        types[n] = type;
    }

    public int size() {
        return entities.size();
    }

    public String entity(int i) {
        return entities.get(i);
    }

    public long time(int i) {
        return times[i];
    }

    public int type(int i) {
        return types[i];
    }

    /** The newest event time, {@code Long.MIN_VALUE} when empty. */
    public long maxTime() {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < size(); i++) {
            max = Math.max(max, times[i]);
        }
        return max;
    }

    /** Moves the events before {@code end} into a new window; the others stay. */
    public WindowEvents takeBefore(long end) {
        WindowEvents taken = new WindowEvents();
        WindowEvents kept = new WindowEvents();
        for (int i = 0; i < size(); i++) {
            (times[i] < end ? taken : kept).add(entities.get(i), times[i], types[i]);
        }
        entities.clear();
        entities.addAll(kept.entities);
        times = kept.times;
        types = kept.types;
        return taken;
    }

    /**
     * The window's training sequences: each entity's events in time order (arrival order breaks
     * ties), cut into runs of {@code length} events rebased at their first (as the scoring sees a
     * history), runs of fewer than 2 events dropped; entities in name order, so that the same
     * events give the same sequences whatever order they arrived in. At most {@code max}, sampled
     * evenly.
     */
    public List<EventSequence> sequences(int length, double unitMillis, int max) {
        Integer[] order = new Integer[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.<Integer, String>comparing(entities::get)
                        .thenComparingLong(i -> times[i]));
        List<EventSequence> out = new ArrayList<>();
        int from = 0;
        while (from < order.length) {
            int to = from;
            while (to < order.length
                    && to - from < length
                    && entities.get(order[to]).equals(entities.get(order[from]))) {
                to++;
            }
            if (to - from >= 2) {
                out.add(run(order, from, to, unitMillis));
            }
            from = to;
        }
        return sample(out, max);
    }

    private EventSequence run(Integer[] order, int from, int to, double unitMillis) {
        long[] t = new long[to - from];
        int[] k = new int[to - from];
        for (int i = from; i < to; i++) {
            t[i - from] = times[order[i]];
            k[i - from] = types[order[i]];
        }
        return EntityHistory.sequence(t, k, unitMillis);
    }

    private static List<EventSequence> sample(List<EventSequence> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        List<EventSequence> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            out.add(all.get((int) ((long) i * all.size() / max)));
        }
        return out;
    }
}
