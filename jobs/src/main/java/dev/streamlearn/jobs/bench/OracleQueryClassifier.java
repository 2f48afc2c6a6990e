package dev.streamlearn.jobs.bench;

import dev.streamlearn.operators.learner.OnlineClassifier;

/**
 * {@code bench active --oracle-utility}: a learner whose answers come late, whose strategy scores
 * instances with a twin that is given every requested answer at once. No latency-aware utility can
 * know more about the pending answers than the twin does, so the accuracy of a run with it bounds
 * what scoring "as if the pending answers were known" (Pham et al.) can recover. Predictions,
 * learning and drifts are the late learner's.
 */
final class OracleQueryClassifier implements OnlineClassifier {
    private final OnlineClassifier late;
    private final OnlineClassifier twin;

    /**
     * @param late the learner that predicts and learns the answers when they come
     * @param twin a fresh twin of it, taught each requested answer at once through {@link
     *     #answerAtOnce}
     */
    OracleQueryClassifier(OnlineClassifier late, OnlineClassifier twin) {
        this.late = late;
        this.twin = twin;
    }

    /** The twin learns a requested instance's answer the moment it is requested. */
    void answerAtOnce(double[] x, int y) {
        twin.learnOne(x, y);
    }

    @Override
    public void learnOne(double[] x, int y) {
        late.learnOne(x, y);
    }

    @Override
    public double[] predictProbaOne(double[] x) {
        return late.predictProbaOne(x);
    }

    /** The twin's: what the strategy scores. */
    @Override
    public double[] predictProbaForQuery(double[] x) {
        return twin.predictProbaForQuery(x);
    }

    @Override
    public boolean changeDetected() {
        return late.changeDetected();
    }

    @Override
    public int numClasses() {
        return late.numClasses();
    }

    @Override
    public long estimatedBytes() {
        return late.estimatedBytes() + twin.estimatedBytes();
    }
}
