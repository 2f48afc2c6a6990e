package dev.streamlearn.operators.labels;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The label requests of one stream that wait for their answer until a deadline, and what became of
 * each answer. Unlike {@link DelayedLabels} (instances that wait for labels the producer sends
 * anyway) a label here is only ever the answer to a request, so an answer that finds no open
 * request is never kept: it is late (its request expired), a duplicate (its request was answered),
 * or unknown (never requested, or closed too long ago to remember). Closed requests are remembered,
 * bounded, to tell these apart.
 *
 * <pre>{@code
 * LabelRequests requests = new LabelRequests(10_000);
 * requests.open("42", x, predicted, false, deadline);
 * LabelRequests.Answer a = requests.answer("42");   // MATCHED: learn (a.request().x(), y)
 * requests.expire(watermark);                        // requests whose deadline passed
 * }</pre>
 */
public final class LabelRequests {

    /**
     * A request waiting for its answer.
     *
     * @param x the instance's features
     * @param predicted the class it was predicted as
     * @param scored whether the prediction was already scored against a ground truth
     * @param deadline the event time after which an answer is late
     */
    public record Request(double[] x, int predicted, boolean scored, long deadline) {}

    /** What became of an answer. */
    public enum Outcome {
        /** It answered an open request. */
        MATCHED,
        /** Its request expired before it came. */
        LATE,
        /** Its request had been answered. */
        DUPLICATE,
        /** No request of this id is open or remembered. */
        UNKNOWN
    }

    /**
     * An answer's outcome, with the request it answered when {@link Outcome#MATCHED}.
     *
     * @param outcome what became of it
     * @param request the request answered, or null
     */
    public record Answer(Outcome outcome, Request request) {}

    private static final byte ANSWERED = 1;
    private static final byte EXPIRED = 2;

    private final int capacity;
    private final LinkedHashMap<String, Request> open = new LinkedHashMap<>();
    private final LinkedHashMap<String, Byte> closed = new LinkedHashMap<>();
    private long received;
    private long expired;
    private long late;
    private long duplicate;
    private long unknown;

    /**
     * @param capacity how many requests may wait (past it the oldest expires at once), and how many
     *     closed requests are remembered
     */
    public LabelRequests(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "at least one label request must be able to wait, got capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Opens a request. A request with the id of an open one replaces it (the earlier one expires).
     * Past the capacity the oldest open request expires.
     */
    public void open(String id, double[] x, int predicted, boolean scored, long deadline) {
        if (open.remove(id) != null) {
            close(id, EXPIRED);
        }
        closed.remove(id);
        open.put(id, new Request(x, predicted, scored, deadline));
        if (open.size() > capacity) {
            Iterator<String> oldest = open.keySet().iterator();
            String first = oldest.next();
            oldest.remove();
            close(first, EXPIRED);
        }
    }

    /** Joins an answer to its request, and counts what became of it. */
    public Answer answer(String id) {
        Request r = open.remove(id);
        if (r != null) {
            received++;
            close(id, ANSWERED);
            return new Answer(Outcome.MATCHED, r);
        }
        Byte state = closed.get(id);
        if (state == null) {
            unknown++;
            return new Answer(Outcome.UNKNOWN, null);
        }
        if (state == EXPIRED) {
            late++;
            // a second late answer is a late answer again, not a duplicate of an answer learned
            return new Answer(Outcome.LATE, null);
        }
        duplicate++;
        return new Answer(Outcome.DUPLICATE, null);
    }

    /** Expires the open requests whose deadline is at or before {@code time}; returns their ids. */
    public List<String> expire(long time) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, Request>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Request> e = it.next();
            if (e.getValue().deadline() <= time) {
                out.add(e.getKey());
                it.remove();
            }
        }
        for (String id : out) {
            close(id, EXPIRED);
        }
        return out;
    }

    private void close(String id, byte how) {
        if (how == EXPIRED) {
            expired++;
        }
        closed.remove(id);
        closed.put(id, how);
        if (closed.size() > capacity) {
            Iterator<String> oldest = closed.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Requests waiting for their answer. */
    public int awaiting() {
        return open.size();
    }

    /** Answers joined to their request. */
    public long received() {
        return received;
    }

    /** Requests closed without an answer: deadline passed, or pushed out by newer requests. */
    public long expired() {
        return expired;
    }

    /** Answers that came after their request expired. */
    public long late() {
        return late;
    }

    /** Answers to a request already answered. */
    public long duplicate() {
        return duplicate;
    }

    /** Answers to no known request. */
    public long unknown() {
        return unknown;
    }

    public int capacity() {
        return capacity;
    }

    /** About the heap the open and remembered requests take. */
    public long estimatedBytes() {
        long bytes = closed.size() * 80L;
        for (Map.Entry<String, Request> e : open.entrySet()) {
            bytes += 112 + 2L * e.getKey().length() + 8L * e.getValue().x().length;
        }
        return bytes;
    }

    /** The counters in the codec's order: received, expired, late, duplicate, unknown. */
    long[] counters() {
        return new long[] {received, expired, late, duplicate, unknown};
    }

    Map<String, Request> openRequests() {
        return open;
    }

    Map<String, Byte> closedRequests() {
        return closed;
    }

    /** Requests with these counters, open and remembered ones (their codec's). */
    static LabelRequests restore(
            int capacity, long[] counters, Map<String, Request> open, Map<String, Byte> closed) {
        LabelRequests r = new LabelRequests(capacity);
        r.received = counters[0];
        r.expired = counters[1];
        r.late = counters[2];
        r.duplicate = counters[3];
        r.unknown = counters[4];
        r.open.putAll(open);
        r.closed.putAll(closed);
        return r;
    }
}
