package dev.streamlearn.operators.tpp.hawkes;

import dev.streamlearn.operators.tpp.EventSequence;
import java.util.Arrays;
import java.util.List;

/**
 * The maximum-likelihood Hawkes process of a set of sequences (full-window likelihood). For a fixed
 * decay β the log-likelihood is concave in {@code (μ, A)} and separable per target type; it is
 * maximised here by expectation-maximisation over the branching structure, which keeps every
 * parameter non-negative and raises the likelihood at each step. β is profiled: the best of 25
 * log-spaced values in {@code [0.2, 10]}, then 20 golden-section steps in {@code [β/1.2, 1.2β]}.
 */
public final class HawkesFit {
    private static final double PHI = (Math.sqrt(5) - 1) / 2;

    private final List<EventSequence> seqs;
    private final int types;
    private final double window;
    private final int maxIterations;
    private final double tolerance;

    /**
     * @param types the number of event types
     * @param maxIterations EM steps per β at the most
     * @param tolerance EM stops when an iteration raises the log-likelihood per event by less
     */
    public HawkesFit(List<EventSequence> seqs, int types, int maxIterations, double tolerance) {
        this.seqs = List.copyOf(seqs);
        this.types = types;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        double w = 0;
        for (EventSequence s : seqs) {
            w += s.horizon();
        }
        this.window = w;
        if (!(w > 0)) {
            throw new IllegalArgumentException("fitting needs sequences with a positive window");
        }
    }

    /** The fit with profiled β, to a tolerance of 1e-9 nats per event or 2,000 EM steps per β. */
    public static Hawkes fit(List<EventSequence> seqs, int types) {
        return new HawkesFit(seqs, types, 2000, 1e-9).profile();
    }

    /**
     * The homogeneous Poisson baseline: each type at its maximum-likelihood rate (its count over
     * the total window), as a Hawkes process without excitation.
     */
    public static Hawkes poisson(List<EventSequence> seqs, int types) {
        double window = 0;
        double[] rates = new double[types];
        for (EventSequence s : seqs) {
            window += s.horizon();
            for (int type : s.types()) {
                rates[type]++;
            }
        }
        for (int k = 0; k < types; k++) {
            rates[k] = Math.max(rates[k], 0.5) / window;
        }
        return Hawkes.of(rates, new double[types][types], 1);
    }

    /** The process of the best β found by the grid and the golden-section search. */
    public Hawkes profile() {
        Hawkes best = null;
        double bestLl = Double.NEGATIVE_INFINITY;
        Hawkes previous = null;
        for (int g = 0; g < 25; g++) {
            previous = atBeta(0.2 * Math.pow(50, g / 24.0), previous);
            double ll = HawkesLikelihood.fullWindow(previous, seqs).total();
            if (ll > bestLl) {
                bestLl = ll;
                best = previous;
            }
        }
        return goldenSection(best);
    }

    /** 20 golden-section steps on {@code [β/1.2, 1.2β]} around the grid's best, one fit each. */
    private Hawkes goldenSection(Hawkes grid) {
        double a = grid.beta() / 1.2;
        double b = grid.beta() * 1.2;
        Hawkes c = atBeta(b - PHI * (b - a), grid);
        Hawkes d = atBeta(a + PHI * (b - a), grid);
        double lc = HawkesLikelihood.fullWindow(c, seqs).total();
        double ld = HawkesLikelihood.fullWindow(d, seqs).total();
        for (int step = 0; step < 20; step++) {
            if (lc >= ld) {
                b = d.beta();
                d = c;
                ld = lc;
                c = atBeta(b - PHI * (b - a), c);
                lc = HawkesLikelihood.fullWindow(c, seqs).total();
            } else {
                a = c.beta();
                c = d;
                lc = ld;
                d = atBeta(a + PHI * (b - a), d);
                ld = HawkesLikelihood.fullWindow(d, seqs).total();
            }
        }
        Hawkes best = lc >= ld ? c : d;
        return HawkesLikelihood.fullWindow(grid, seqs).total()
                        > HawkesLikelihood.fullWindow(best, seqs).total()
                ? grid
                : best;
    }

    /** The maximum-likelihood {@code (μ, A)} for a fixed β, by EM from a flat start. */
    public Hawkes atBeta(double beta) {
        return atBeta(beta, null);
    }

    /** The same, by EM from {@code start}'s {@code (μ, A)} (a flat start where null). */
    private Hawkes atBeta(double beta, Hawkes start) {
        double[] exposure = exposure(beta);
        long events = 0;
        for (EventSequence s : seqs) {
            events += s.size();
        }
        double[] mu = new double[types];
        double[][] alpha = new double[types][types];
        Arrays.fill(mu, 0.5 * events / window / types);
        for (double[] row : alpha) {
            Arrays.fill(row, 0.5 / types);
        }
        if (start != null) {
            mu = start.mu();
            alpha = start.alpha();
        }
        double last = Double.NEGATIVE_INFINITY;
        for (int it = 0; it < maxIterations; it++) {
            double ll = emStep(Hawkes.unchecked(mu, alpha, beta), exposure, mu, alpha);
            if (ll - last < tolerance * Math.max(1, events)) {
                break;
            }
            last = ll;
        }
        return Hawkes.unchecked(mu, alpha, beta);
    }

    /**
     * One EM step from {@code current}: writes the new {@code mu} and {@code alpha} and returns the
     * current log-likelihood (its event terms; the compensator part is implied by the M step).
     */
    private double emStep(Hawkes current, double[] exposure, double[] mu, double[][] alpha) {
        double[] background = new double[types];
        double[][] triggered = new double[types][types];
        double ll = 0;
        for (EventSequence s : seqs) {
            HawkesState state = new HawkesState(current);
            for (int i = 0; i < s.size(); i++) {
                state.advanceTo(s.times()[i]);
                int k = s.types()[i];
                double lambda = state.intensity(k, 0);
                ll += Math.log(lambda);
                background[k] += current.mu(k) / lambda;
                for (int j = 0; j < types; j++) {
                    triggered[k][j] +=
                            current.alpha(k, j) * current.beta() * state.decayed(j) / lambda;
                }
                state.add(k);
            }
        }
        for (int k = 0; k < types; k++) {
            ll -= current.mu(k) * window;
            mu[k] = Math.max(background[k] / window, 1e-12);
            for (int j = 0; j < types; j++) {
                ll -= current.alpha(k, j) * exposure[j];
                alpha[k][j] = exposure[j] > 0 ? triggered[k][j] / exposure[j] : 0;
            }
        }
        return ll;
    }

    /**
     * {@code Σ_m (1 − e^(−β(T − t_m)))} over the type-{@code j} events: the kernels' mass inside
     * the windows.
     */
    private double[] exposure(double beta) {
        double[] e = new double[types];
        for (EventSequence s : seqs) {
            for (int i = 0; i < s.size(); i++) {
                e[s.types()[i]] += -Math.expm1(-beta * (s.horizon() - s.times()[i]));
            }
        }
        return e;
    }
}
