package dev.streamlearn.operators.active;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.labels.LabelRequests;
import dev.streamlearn.operators.learner.OnlineClassifier;
import java.util.List;

/**
 * An {@link ActiveLearner} whose labels come late, for one stream: every instance is predicted and
 * maybe asked for (the budget charged at once); the answer, joined by id before the deadline,
 * teaches the classifier. Predictions are scored against the ground truth when an instance carries
 * it (a simulation, where the learner never learns it unasked), otherwise against the answer.
 *
 * <pre>{@code
 * ActiveSession s = ActiveSession.create(config, schema);
 * ActiveLearner.Query q = s.instance("42", x, Instance.UNLABELLED, deadline);
 * if (q.requested()) { ... send a label request ... }
 * s.label("42", y);      // MATCHED: learned; otherwise late, duplicate or unknown
 * s.expire(watermark);   // requests whose deadline passed
 * }</pre>
 */
public final class ActiveSession {
    private final ActiveLearner learner;
    private final LabelRequests requests;
    private final PrequentialEvaluator evaluator;
    private long instances;

    ActiveSession(
            ActiveLearner learner,
            LabelRequests requests,
            PrequentialEvaluator evaluator,
            long instances) {
        this.learner = learner;
        this.requests = requests;
        this.evaluator = evaluator;
        this.instances = instances;
    }

    public static ActiveSession create(ActiveOperatorConfig config, StreamSchema schema) {
        OnlineClassifier classifier =
                Classifiers.create(config.learner(), schema, config.active().seed());
        return new ActiveSession(
                ActiveLearner.create(classifier, config.active()),
                new LabelRequests(config.maxAwaiting()),
                new PrequentialEvaluator(classifier.numClasses(), config.window()),
                0);
    }

    /**
     * Predicts an instance and decides whether to ask for its label, opening a request until {@code
     * deadline} if so.
     *
     * @param truth the ground truth for scoring only, or a negative value when unknown
     */
    public ActiveLearner.Query instance(String id, double[] x, int truth, long deadline) {
        instances++;
        ActiveLearner.Query q = learner.query(x);
        int predicted = OnlineClassifier.argMax(q.proba());
        if (truth >= 0) {
            evaluator.add(predicted, truth);
        }
        if (q.requested()) {
            requests.open(id, x, predicted, truth >= 0, deadline);
        }
        return q;
    }

    /** An answer: learned when it joins an open request. */
    public LabelRequests.Outcome label(String id, int y) {
        LabelRequests.Answer a = requests.answer(id);
        if (a.outcome() == LabelRequests.Outcome.MATCHED) {
            LabelRequests.Request r = a.request();
            learner.learn(r.x(), y);
            if (!r.scored()) {
                evaluator.add(r.predicted(), y);
            }
        }
        return a.outcome();
    }

    /** Expires the requests whose deadline is at or before {@code time}. */
    public List<String> expire(long time) {
        return requests.expire(time);
    }

    public ActiveLearner learner() {
        return learner;
    }

    public LabelRequests requests() {
        return requests;
    }

    public PrequentialEvaluator evaluator() {
        return evaluator;
    }

    /**
     * Whether the learner is no better than its own majority class: over a full window of scored
     * predictions its accuracy is at or below the share of the window's most frequent class (what
     * always predicting that class would score). False until the window is full.
     */
    public boolean atOrBelowMajority() {
        return evaluator.windowFull()
                && evaluator.windowAccuracy() <= evaluator.windowMajorityShare();
    }

    /** Window accuracy minus the window's majority-class share, in [-1, 1]. */
    public double marginOverMajority() {
        return evaluator.windowAccuracy() - evaluator.windowMajorityShare();
    }

    /** Instances seen. */
    public long instances() {
        return instances;
    }

    public long estimatedBytes() {
        return learner.estimatedBytes() + requests.estimatedBytes() + evaluator.estimatedBytes();
    }
}
