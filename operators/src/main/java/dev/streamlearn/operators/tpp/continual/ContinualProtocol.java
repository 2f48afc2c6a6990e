package dev.streamlearn.operators.tpp.continual;

import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.LogLikelihood;
import dev.streamlearn.operators.tpp.NextEventScore;
import dev.streamlearn.operators.tpp.hawkes.HawkesLikelihood;
import dev.streamlearn.operators.tpp.hawkes.HawkesOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The continual protocol: each method learns the tasks in order; after each task every task's test
 * set is scored, giving the matrix {@code R} of the method's log-likelihood per event minus the
 * ground truth's; right after each task its next-event predictions are scored against the true
 * process's floors.
 */
public final class ContinualProtocol {
    private final List<Task> tasks;
    private final double[] truth;
    private final NextEventScore[] oracle;
    private final Consumer<String> progress;

    /** Scores the ground truth of every task once; {@code progress} hears of each step. */
    public ContinualProtocol(List<Task> tasks, Consumer<String> progress) {
        this.tasks = List.copyOf(tasks);
        this.progress = progress;
        this.truth = new double[tasks.size()];
        this.oracle = new NextEventScore[tasks.size()];
        for (int j = 0; j < tasks.size(); j++) {
            Task t = tasks.get(j);
            truth[j] = HawkesLikelihood.easyTpp(t.truth(), t.test()).perEvent();
            oracle[j] = HawkesOracle.score(t.truth(), t.test());
        }
    }

    /** The ground truth's test log-likelihood per event of each task. */
    public double[] truth() {
        return truth.clone();
    }

    /** Runs one method through every task. */
    public ContinualResult run(Learner learner) {
        int n = tasks.size();
        double[][] gap = new double[n][n];
        List<ContinualResult.TaskFigures> figures = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (int tau = 0; tau < n; tau++) {
            Task task = tasks.get(tau);
            long start = System.nanoTime();
            List<Double> taskLosses = learner.learn(task);
            losses.addAll(taskLosses);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double scoreSeconds = 0;
            long scored = 0;
            for (int j = 0; j < n; j++) {
                long s = System.nanoTime();
                LogLikelihood ll = learner.logLikelihood(tasks.get(j).test());
                scoreSeconds += (System.nanoTime() - s) / 1e9;
                scored += ll.events();
                gap[tau][j] = ll.perEvent() - truth[j];
            }
            NextEventScore p = learner.predict(task.test());
            figures.add(
                    new ContinualResult.TaskFigures(
                            learner.name(),
                            task.name(),
                            gap[tau][tau],
                            p.rmse(),
                            oracle[tau].rmse(),
                            p.typeError(),
                            oracle[tau].typeError(),
                            taskLosses.isEmpty()
                                    ? Double.NaN // fitted in closed form, or not trained
                                    : events(task.train()) * taskLosses.size() / trainSeconds,
                            scored / Math.max(scoreSeconds, 1e-9)));
            progress.accept(
                    String.format(
                            "%s: task %s done in %.0f s; LL gap to truth %+.4f nats/event",
                            learner.name(), task.name(), trainSeconds, gap[tau][tau]));
        }
        return new ContinualResult(
                learner.name(), tasks.stream().map(Task::name).toList(), gap, figures, losses);
    }

    private static long events(List<EventSequence> seqs) {
        long n = 0;
        for (EventSequence s : seqs) {
            n += Math.max(0, s.size() - 1);
        }
        return n;
    }
}
