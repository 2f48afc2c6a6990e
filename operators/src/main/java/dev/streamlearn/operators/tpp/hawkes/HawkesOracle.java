package dev.streamlearn.operators.tpp.hawkes;

import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.NextEventScore;
import dev.streamlearn.operators.tpp.SurvivalIntegral;
import java.util.List;

/**
 * The best next-event predictions the true process allows, the floors a model's figures are
 * measured against: the gap as {@code E[Δt | history]} (the survival function integrated, which
 * minimises the expected squared error), and the type as the most probable next type, {@code
 * argmax_k ∫ λ_k(s)·S(s) ds} (the Bayes classifier of the type given the history alone, as a model
 * that does not know the next event's time must predict it).
 */
public final class HawkesOracle {
    private HawkesOracle() {}

    /** The predictions' score over events {@code 1..N} of each sequence. */
    public static NextEventScore score(Hawkes process, List<EventSequence> seqs) {
        NextEventScore score = NextEventScore.ZERO;
        for (EventSequence seq : seqs) {
            HawkesState state = new HawkesState(process);
            for (int i = 0; i < seq.size(); i++) {
                double gap = seq.times()[i] - state.now();
                if (i > 0) {
                    double predicted =
                            SurvivalIntegral.expectedGap(
                                    state::totalCompensator,
                                    fastScale(state),
                                    1 / process.totalMu());
                    int type = mostProbable(state, predicted);
                    score = score.plus(predicted - gap, type != seq.types()[i]);
                }
                state.advanceTo(seq.times()[i]);
                state.add(seq.types()[i]);
            }
        }
        return score;
    }

    /** The kernel's decay time or the mean gap at the current intensity, the shorter. */
    private static double fastScale(HawkesState state) {
        return Math.min(1 / state.process().beta(), 1 / state.totalIntensity(0));
    }

    /**
     * {@code argmax_k P(next type = k)}, with {@code P(k) = μ_k·E[Δt] + e_k·β∫ e^(−βs) S(s) ds} and
     * {@code e_k = Σ_j α_kj R_j} (the intensity's two parts integrated against the survival).
     */
    static int mostProbable(HawkesState state, double expectedGap) {
        Hawkes p = state.process();
        double decayedMass =
                p.beta()
                        * SurvivalIntegral.weighted(
                                state::totalCompensator,
                                s -> Math.exp(-p.beta() * s),
                                fastScale(state),
                                1 / p.totalMu());
        int best = -1;
        double bestP = -1;
        for (int k = 0; k < p.types(); k++) {
            double excitation = (state.intensity(k, 0) - p.mu(k)) / p.beta();
            double probability = p.mu(k) * expectedGap + excitation * decayedMass;
            if (probability > bestP) {
                bestP = probability;
                best = k;
            }
        }
        return best;
    }
}
