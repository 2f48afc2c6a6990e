package dev.streamlearn.jobs.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores of a point-process stream gathered per window of event time: the NLL per event of the
 * model and of the true process on the events that have a truth, their gap, and how many versions
 * the scoring model lagged behind the ideal (the version trained through the window before).
 */
final class TppScoreWindows {

    /**
     * @param index the window, from 0
     * @param segment the regime the window lies in
     * @param events events scored with a truth
     * @param nll the model's negative log-likelihood per event
     * @param truthNll the true process's
     * @param versionLag versions behind the ideal, on average (0: every event scored by the model
     *     trained on all windows before its own)
     */
    record Window(
            int index,
            String segment,
            long events,
            double nll,
            double truthNll,
            double versionLag) {

        /** The model's NLL minus the truth's: nats per event above the best possible. */
        double gap() {
            return nll - truthNll;
        }
    }

    private final long start;
    private final long windowMillis;
    private final List<String> segments;
    private final long[] events;
    private final double[] nll;
    private final double[] truthNll;
    private final double[] lag;

    /**
     * @param segments the regime of each window, in order (their count is the windows')
     */
    TppScoreWindows(long start, long windowMillis, List<String> segments) {
        this.start = start;
        this.windowMillis = windowMillis;
        this.segments = List.copyOf(segments);
        int n = segments.size();
        events = new long[n];
        nll = new double[n];
        truthNll = new double[n];
        lag = new double[n];
    }

    /** One score; events without a log-likelihood or a truth count nowhere. */
    void add(long ts, double logLikelihood, double truth, long version) {
        if (Double.isNaN(logLikelihood) || Double.isNaN(truth)) {
            return;
        }
        int w = (int) ((ts - start) / windowMillis);
        if (w < 0 || w >= events.length) {
            throw new IllegalArgumentException(
                    "an event at "
                            + ts
                            + " lies outside the stream's "
                            + events.length
                            + " windows");
        }
        events[w]++;
        nll[w] -= logLikelihood;
        truthNll[w] -= truth;
        lag[w] += w - version;
    }

    List<Window> windows() {
        List<Window> out = new ArrayList<>();
        for (int w = 0; w < events.length; w++) {
            long n = Math.max(1, events[w]);
            out.add(
                    new Window(
                            w,
                            segments.get(w),
                            events[w],
                            nll[w] / n,
                            truthNll[w] / n,
                            lag[w] / n));
        }
        return out;
    }
}
