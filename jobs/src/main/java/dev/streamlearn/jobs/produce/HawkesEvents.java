package dev.streamlearn.jobs.produce;

import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.continual.Task;
import dev.streamlearn.operators.tpp.hawkes.Hawkes;
import dev.streamlearn.operators.tpp.hawkes.HawkesLikelihood;
import dev.streamlearn.operators.tpp.hawkes.HawkesSimulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The synthetic event streams of the point-process benchmark, as entity events in time order, each
 * with its exact log-likelihood under the true process: the regime stream A → B → A → C of {@code
 * bench tpp} ({@link Task#regimeA()} and its kin) or the gradual drift of regime A ({@link
 * Task#gradualRegime}). Each entity draws its own sequence per segment (one segment per regime; its
 * history restarts there, so the first event of a segment has no truth); times are in seconds from
 * {@code startMillis}, rounded to milliseconds before the truth is computed, so the truth is that
 * of the events exactly as written.
 */
public final class HawkesEvents {

    /** Which stream. */
    public enum Kind {
        REGIMES,
        GRADUAL
    }

    /**
     * @param kind the regime stream or the gradual drift
     * @param entities entities (sequences side by side), {@code u0, u1, ...}
     * @param windowSeconds the length of one window, seconds of event time
     * @param windowsPerSegment windows per regime (regimes) or windows of drift (gradual: each its
     *     own segment)
     * @param startMillis the event time of the stream's start
     * @param seed the simulation's seed
     */
    public record Config(
            Kind kind,
            int entities,
            double windowSeconds,
            int windowsPerSegment,
            long startMillis,
            long seed) {
        public Config {
            if (entities < 1 || !(windowSeconds > 0) || windowsPerSegment < 1) {
                throw new IllegalArgumentException(
                        "entities, the window length and the windows per segment must be > 0");
            }
        }
    }

    /** The segment names and regimes, in order. */
    public static List<String> segments(Config c) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < regimes(c).size(); i++) {
            names.add(
                    c.kind() == Kind.REGIMES ? List.of("A", "B", "A", "C").get(i) : "W" + (i + 1));
        }
        return names;
    }

    private static List<Hawkes> regimes(Config c) {
        if (c.kind() == Kind.REGIMES) {
            return List.of(Task.regimeA(), Task.regimeB(), Task.regimeA(), Task.regimeC());
        }
        List<Hawkes> out = new ArrayList<>();
        for (int t = 0; t < c.windowsPerSegment(); t++) {
            out.add(Task.gradualRegime(t, c.windowsPerSegment()));
        }
        return out;
    }

    /** Every event of the stream, in time order (entity name breaks ties). */
    public static List<TppEvent> generate(Config c) {
        List<Hawkes> regimes = regimes(c);
        double segment =
                c.kind() == Kind.REGIMES
                        ? c.windowSeconds() * c.windowsPerSegment()
                        : c.windowSeconds();
        List<TppEvent> out = new ArrayList<>();
        for (int s = 0; s < regimes.size(); s++) {
            List<EventSequence> seqs =
                    HawkesSimulator.sample(
                            regimes.get(s), segment, c.entities(), c.seed() + 7919L * s);
            long offset = c.startMillis() + Math.round(s * segment * 1000);
            for (int e = 0; e < seqs.size(); e++) {
                addEntity(out, "u" + e, seqs.get(e), regimes.get(s), offset);
            }
        }
        out.sort(Comparator.comparingLong(TppEvent::ts).thenComparing(TppEvent::entity));
        return out;
    }

    private static void addEntity(
            List<TppEvent> out, String entity, EventSequence seq, Hawkes truth, long offset) {
        double[] times = new double[seq.size()];
        long[] ms = new long[seq.size()];
        for (int i = 0; i < times.length; i++) {
            ms[i] = Math.round(seq.times()[i] * 1000);
            times[i] = ms[i] / 1000.0;
        }
        double horizon = Math.max(seq.horizon(), times.length == 0 ? 0 : times[times.length - 1]);
        EventSequence written = new EventSequence(times, seq.types(), horizon);
        double[] ll = HawkesLikelihood.perEvent(truth, written);
        for (int i = 0; i < times.length; i++) {
            out.add(new TppEvent(entity, offset + ms[i], seq.types()[i], ll[i], -1, -1));
        }
    }
}
