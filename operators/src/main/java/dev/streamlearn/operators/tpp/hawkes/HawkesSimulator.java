package dev.streamlearn.operators.tpp.hawkes;

import dev.streamlearn.operators.tpp.EventSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws Hawkes sequences on {@code [0, horizon]}: by Ogata's thinning, exact here because the
 * intensities only decay between events, so the total intensity just after the current time bounds
 * it until the next event; and by the branching (cluster) representation, an independent check.
 */
public final class HawkesSimulator {
    private HawkesSimulator() {}

    /** One sequence by Ogata's thinning. */
    public static EventSequence thinning(Hawkes process, double horizon, SplittableRandom rng) {
        HawkesState state = new HawkesState(process);
        List<double[]> events = new ArrayList<>();
        double t = 0;
        while (true) {
            double bound = state.totalIntensity(0);
            t += exponential(rng, bound);
            if (t > horizon) {
                break;
            }
            state.advanceTo(t);
            double total = state.totalIntensity(0);
            double u = rng.nextDouble() * bound;
            if (u <= total) {
                int type = pick(state, u);
                state.add(type);
                events.add(new double[] {t, type});
            }
        }
        return sequence(events, horizon);
    }

    /** The type whose share of the intensity {@code u} falls in, {@code 0 <= u <= Σ_k λ_k}. */
    private static int pick(HawkesState state, double u) {
        int last = state.process().types() - 1;
        double cumulative = 0;
        for (int k = 0; k < last; k++) {
            cumulative += state.intensity(k, 0);
            if (u < cumulative) {
                return k;
            }
        }
        return last;
    }

    /**
     * One sequence by the branching representation: immigrants of type {@code k} arrive as a
     * Poisson process of rate {@code μ_k}; every event of type {@code j} has {@code Poisson(α_kj)}
     * children of type {@code k}, each {@code Exp(β)} later; events past the horizon are dropped.
     */
    public static EventSequence branching(Hawkes process, double horizon, SplittableRandom rng) {
        List<double[]> events = new ArrayList<>();
        for (int k = 0; k < process.types(); k++) {
            for (double t = exponential(rng, process.mu(k));
                    t <= horizon;
                    t += exponential(rng, process.mu(k))) {
                events.add(new double[] {t, k});
            }
        }
        for (int next = 0; next < events.size(); next++) {
            double[] parent = events.get(next);
            int j = (int) parent[1];
            for (int k = 0; k < process.types(); k++) {
                int children = poisson(rng, process.alpha(k, j));
                for (int c = 0; c < children; c++) {
                    double t = parent[0] + exponential(rng, process.beta());
                    if (t <= horizon) {
                        events.add(new double[] {t, k});
                    }
                }
            }
        }
        events.sort((a, b) -> Double.compare(a[0], b[0]));
        return sequence(events, horizon);
    }

    /** {@code n} independent sequences by thinning, from one seed. */
    public static List<EventSequence> sample(Hawkes process, double horizon, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<EventSequence> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(thinning(process, horizon, rng));
        }
        return out;
    }

    private static EventSequence sequence(List<double[]> events, double horizon) {
        double[] times = new double[events.size()];
        int[] types = new int[events.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = events.get(i)[0];
            types[i] = (int) events.get(i)[1];
        }
        return new EventSequence(times, types, horizon);
    }

    /** An {@code Exp(rate)} draw; infinite for rate 0. */
    static double exponential(SplittableRandom rng, double rate) {
        return rate == 0 ? Double.POSITIVE_INFINITY : -Math.log1p(-rng.nextDouble()) / rate;
    }

    /** A {@code Poisson(mean)} draw by inversion (the means here are small). */
    static int poisson(SplittableRandom rng, double mean) {
        double u = rng.nextDouble();
        double p = Math.exp(-mean);
        double cumulative = p;
        int n = 0;
        while (u > cumulative && p > 0) {
            n++;
            p *= mean / n;
            cumulative += p;
        }
        return n;
    }
}
