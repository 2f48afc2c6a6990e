package dev.streamlearn.operators.tpp.continual;

import java.util.List;

/**
 * One method's run through the task stream.
 *
 * @param method the method's name
 * @param tasks the task names, in order
 * @param gap {@code R[τ][j]}: the method's test log-likelihood per event on task {@code j} after
 *     training through task {@code τ}, minus the ground truth's on the same test set
 * @param perTask the figures of each task right after training on it
 * @param losses the training loss per event of every epoch, task after task
 */
public record ContinualResult(
        String method,
        List<String> tasks,
        double[][] gap,
        List<TaskFigures> perTask,
        List<Double> losses) {

    /**
     * A task's figures right after training on it.
     *
     * @param llGap the method's test LL per event minus the ground truth's ({@code R[τ][τ]})
     * @param rmse the next-time RMSE on the test set
     * @param oracleRmse the true process's RMSE of {@code E[Δt | history]} on the same events
     * @param typeError the share of next types predicted wrong
     * @param bayesError the true process's Bayes type error on the same events
     * @param trainEventsPerSecond training events per second (dev checks included); NaN where the
     *     task was not trained on (a frozen model) or fitted in closed form
     * @param scoreEventsPerSecond scoring events per second (batched likelihood)
     */
    public record TaskFigures(
            String method,
            String task,
            double llGap,
            double rmse,
            double oracleRmse,
            double typeError,
            double bayesError,
            double trainEventsPerSecond,
            double scoreEventsPerSecond) {}

    /** {@code A_T = mean_j R[T][j]}: the final model's average gap over every task. */
    public double average() {
        double[] last = gap[gap.length - 1];
        double sum = 0;
        for (double v : last) {
            sum += v;
        }
        return sum / last.length;
    }

    /** {@code F_j = max_{τ<T} R[τ][j] − R[T][j]} for each task {@code j < T}. */
    public double[] forgetting() {
        int t = gap.length - 1;
        double[] f = new double[t];
        for (int j = 0; j < t; j++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int tau = j; tau < t; tau++) {
                best = Math.max(best, gap[tau][j]);
            }
            f[j] = best - gap[t][j];
        }
        return f;
    }

    /** {@code BWT = mean_{j<T}(R[T][j] − R[j][j])}. */
    public double backwardTransfer() {
        int t = gap.length - 1;
        double sum = 0;
        for (int j = 0; j < t; j++) {
            sum += gap[t][j] - gap[j][j];
        }
        return t == 0 ? Double.NaN : sum / t;
    }

    /**
     * {@code FWT = mean_{j>1}(R[j−1][j] − b_j)} with {@code b_j} a baseline score of task {@code j}
     * (the protocol passes the per-task Poisson fit's).
     */
    public double forwardTransfer(double[] baseline) {
        double sum = 0;
        for (int j = 1; j < gap.length; j++) {
            sum += gap[j - 1][j] - baseline[j];
        }
        return gap.length < 2 ? Double.NaN : sum / (gap.length - 1);
    }

    /** The next-task scores {@code R[τ−1][τ]}, for {@code τ >= 1}. */
    public double[] nextTask() {
        double[] n = new double[gap.length - 1];
        for (int j = 1; j < gap.length; j++) {
            n[j - 1] = gap[j - 1][j];
        }
        return n;
    }

    /**
     * What the method loses of its score on task {@code j} by training on task {@code j + 1}:
     * {@code R[j][j] − R[j+1][j]} (for A after B: the first return's loss).
     */
    public double lossAfterNext(int j) {
        return gap[j][j] - gap[j + 1][j];
    }
}
