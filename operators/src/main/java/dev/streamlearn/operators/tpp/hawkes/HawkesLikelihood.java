package dev.streamlearn.operators.tpp.hawkes;

import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.IntegralRule;
import dev.streamlearn.operators.tpp.LogLikelihood;
import java.util.List;

/**
 * The exact log-likelihood of a Hawkes process through the {@code O(N·K²)} recursion of {@link
 * HawkesState}, in two conventions: the full window {@code [0, T]} (the textbook likelihood, which
 * the MLE maximises), and EasyTPP's, where the first event only conditions, events {@code 1..N} are
 * scored and each integral covers {@code (t_{i−1}, t_i]} only: the convention neural TPPs are
 * scored in, so the ground truth is compared with them in exactly theirs.
 */
public final class HawkesLikelihood {
    private HawkesLikelihood() {}

    /** {@code Σ_i log λ_{k_i}(t_i) − Σ_k Λ_k(T)} over the whole window. */
    public static LogLikelihood fullWindow(Hawkes process, EventSequence seq) {
        HawkesState state = new HawkesState(process);
        double total = 0;
        for (int i = 0; i < seq.size(); i++) {
            double s = seq.times()[i] - state.now();
            total += Math.log(state.intensity(seq.types()[i], s)) - state.totalCompensator(s);
            state.advanceTo(seq.times()[i]);
            state.add(seq.types()[i]);
        }
        total -= state.totalCompensator(seq.horizon() - state.now());
        return new LogLikelihood(total, seq.size());
    }

    /** EasyTPP's convention with exact integrals. */
    public static LogLikelihood easyTpp(Hawkes process, EventSequence seq) {
        return easyTpp(process, seq, null, 0);
    }

    /**
     * EasyTPP's convention with each interval's integral approximated by {@code rule} on {@code
     * points} points of the true intensity (right-continuous: the left end includes the previous
     * event's jump), or exact where {@code rule} is null.
     */
    public static LogLikelihood easyTpp(
            Hawkes process, EventSequence seq, IntegralRule rule, int points) {
        HawkesState state = new HawkesState(process);
        double total = 0;
        for (int i = 0; i < seq.size(); i++) {
            double s = seq.times()[i] - state.now();
            if (i > 0) {
                double integral =
                        rule == null
                                ? state.totalCompensator(s)
                                : rule.integrate(state::totalIntensity, s, points);
                total += Math.log(state.intensity(seq.types()[i], s)) - integral;
            }
            state.advanceTo(seq.times()[i]);
            state.add(seq.types()[i]);
        }
        return new LogLikelihood(total, Math.max(0, seq.size() - 1));
    }

    /**
     * Each event's exact log-likelihood given the events before it, {@code log λ_{k_i}(t_i) −
     * Λ(t_{i−1}, t_i]}: the terms of {@link #easyTpp(Hawkes, EventSequence)}, NaN for the first
     * event (it only conditions). What a stream of this process's events carries as its truth.
     */
    public static double[] perEvent(Hawkes process, EventSequence seq) {
        HawkesState state = new HawkesState(process);
        double[] out = new double[seq.size()];
        for (int i = 0; i < seq.size(); i++) {
            double s = seq.times()[i] - state.now();
            out[i] =
                    i == 0
                            ? Double.NaN
                            : Math.log(state.intensity(seq.types()[i], s))
                                    - state.totalCompensator(s);
            state.advanceTo(seq.times()[i]);
            state.add(seq.types()[i]);
        }
        return out;
    }

    /** The sum of {@link #fullWindow} over sequences. */
    public static LogLikelihood fullWindow(Hawkes process, List<EventSequence> seqs) {
        LogLikelihood sum = LogLikelihood.ZERO;
        for (EventSequence s : seqs) {
            sum = sum.plus(fullWindow(process, s));
        }
        return sum;
    }

    /** The sum of {@link #easyTpp(Hawkes, EventSequence)} over sequences. */
    public static LogLikelihood easyTpp(Hawkes process, List<EventSequence> seqs) {
        return easyTpp(process, seqs, null, 0);
    }

    /** The sum of {@link #easyTpp(Hawkes, EventSequence, IntegralRule, int)} over sequences. */
    public static LogLikelihood easyTpp(
            Hawkes process, List<EventSequence> seqs, IntegralRule rule, int points) {
        LogLikelihood sum = LogLikelihood.ZERO;
        for (EventSequence s : seqs) {
            sum = sum.plus(easyTpp(process, s, rule, points));
        }
        return sum;
    }

    /**
     * The time-rescaled gaps {@code τ_i = Λ(t_i) − Λ(t_{i−1})} of the total compensator, from
     * {@code t_{−1} = 0}, without the censored gap after the last event: i.i.d. {@code Exp(1)} if
     * the sequence comes from {@code process}.
     */
    public static double[] rescaledGaps(Hawkes process, EventSequence seq) {
        HawkesState state = new HawkesState(process);
        double[] gaps = new double[seq.size()];
        for (int i = 0; i < seq.size(); i++) {
            gaps[i] = state.totalCompensator(seq.times()[i] - state.now());
            state.advanceTo(seq.times()[i]);
            state.add(seq.types()[i]);
        }
        return gaps;
    }
}
