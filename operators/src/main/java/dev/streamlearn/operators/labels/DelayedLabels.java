package dev.streamlearn.operators.labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins instances with labels that arrive later, by instance id, for one stream. An unlabelled
 * instance waits with its features and the class it was predicted as; its label, when it comes,
 * releases it for evaluation and learning. A label that arrives before its instance (the two come
 * from different topics) waits for it. Both waiting rooms are bounded: past {@code capacity} the
 * oldest unlabelled instance is given up (counted, not an error: many never get a label), and the
 * oldest early label is returned to the caller, which reports it as a dead letter.
 *
 * <pre>{@code
 * DelayedLabels labels = new DelayedLabels(50_000);
 * labels.await("42", x, predicted);                 // an unlabelled instance
 * DelayedLabels.Pending p = labels.match("42");      // its label arrived: learn (p.x(), y)
 * }</pre>
 */
public final class DelayedLabels {

    /** An instance waiting for its label: its features and the class it was predicted as. */
    public record Pending(double[] x, int predicted) {}

    /** A label that arrived before its instance. */
    public record EarlyLabel(String id, int y) {}

    private final int capacity;
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private final LinkedHashMap<String, Integer> early = new LinkedHashMap<>();
    private long givenUp;

    /**
     * @param capacity how many unlabelled instances, and how many early labels, may wait
     */
    public DelayedLabels(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "at least one instance must be able to wait for its label, got capacity "
                            + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Keeps an unlabelled instance until its label arrives. An instance with the id of one still
     * waiting replaces it. Past the capacity the oldest waiting instance is given up.
     */
    public void await(String id, double[] x, int predicted) {
        pending.remove(id);
        pending.put(id, new Pending(x, predicted));
        if (pending.size() > capacity) {
            Iterator<String> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
            givenUp++;
        }
    }

    /** The instance waiting for the label of {@code id}, removed; null when none waits. */
    public Pending match(String id) {
        return pending.remove(id);
    }

    /** The label that arrived early for {@code id}, removed; null when none did. */
    public Integer takeEarly(String id) {
        return early.remove(id);
    }

    /**
     * Keeps a label whose instance has not arrived (yet). Returns the labels pushed out: the oldest
     * beyond the capacity, or an earlier label for the same id, which this one replaces.
     */
    public List<EarlyLabel> holdEarly(String id, int y) {
        List<EarlyLabel> out = new ArrayList<>(1);
        Integer previous = early.remove(id);
        if (previous != null) {
            out.add(new EarlyLabel(id, previous));
        }
        early.put(id, y);
        if (early.size() > capacity) {
            Iterator<Map.Entry<String, Integer>> oldest = early.entrySet().iterator();
            Map.Entry<String, Integer> e = oldest.next();
            out.add(new EarlyLabel(e.getKey(), e.getValue()));
            oldest.remove();
        }
        return out;
    }

    /** Unlabelled instances waiting. */
    public int pending() {
        return pending.size();
    }

    /** Labels waiting for their instance. */
    public int early() {
        return early.size();
    }

    /** Unlabelled instances given up because too many waited. */
    public long givenUp() {
        return givenUp;
    }

    public int capacity() {
        return capacity;
    }

    /** About the heap the waiting instances and labels take. */
    public long estimatedBytes() {
        long bytes = 0;
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            bytes += 96 + 2L * e.getKey().length() + 8L * e.getValue().x().length;
        }
        return bytes + early.size() * 96L;
    }

    /** The unlabelled instances waiting, oldest first, for the codec. */
    Map<String, Pending> waiting() {
        return Collections.unmodifiableMap(pending);
    }

    /** The labels waiting for their instance, oldest first, for the codec. */
    Map<String, Integer> earlyLabels() {
        return Collections.unmodifiableMap(early);
    }

    /** Waiting instances and labels in a saved state (each oldest first), for the codec. */
    static DelayedLabels restore(
            int capacity,
            long givenUp,
            Map<String, Pending> waiting,
            Map<String, Integer> earlyLabels) {
        DelayedLabels labels = new DelayedLabels(capacity);
        labels.givenUp = givenUp;
        labels.pending.putAll(waiting);
        labels.early.putAll(earlyLabels);
        return labels;
    }
}
