package dev.streamlearn.operators.tpp.continual;

import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.LogLikelihood;
import dev.streamlearn.operators.tpp.NextEventScore;
import dev.streamlearn.operators.tpp.hawkes.Hawkes;
import dev.streamlearn.operators.tpp.hawkes.HawkesFit;
import dev.streamlearn.operators.tpp.hawkes.HawkesLikelihood;
import dev.streamlearn.operators.tpp.hawkes.HawkesOracle;
import java.util.List;

/**
 * The closed-form baselines, refitted on each task's training sequences: the Hawkes maximum
 * likelihood (the bound a learner of the right model family can reach on a stationary task) or the
 * homogeneous Poisson process.
 */
public final class HawkesLearner implements Learner {
    private final boolean poisson;
    private final int types;
    private Hawkes fitted;

    private HawkesLearner(boolean poisson, int types) {
        this.poisson = poisson;
        this.types = types;
    }

    /** The per-task Hawkes MLE. */
    public static HawkesLearner mle(int types) {
        return new HawkesLearner(false, types);
    }

    /** The per-task homogeneous Poisson baseline. */
    public static HawkesLearner poisson(int types) {
        return new HawkesLearner(true, types);
    }

    @Override
    public String name() {
        return poisson ? "poisson" : "hawkes-mle";
    }

    @Override
    public List<Double> learn(Task task) {
        fitted =
                poisson
                        ? HawkesFit.poisson(task.train(), types)
                        : HawkesFit.fit(task.train(), types);
        return List.of();
    }

    @Override
    public LogLikelihood logLikelihood(List<EventSequence> seqs) {
        return HawkesLikelihood.easyTpp(fitted, seqs);
    }

    @Override
    public NextEventScore predict(List<EventSequence> seqs) {
        return HawkesOracle.score(fitted, seqs);
    }

    @Override
    public void close() {}
}
