package dev.streamlearn.operators.baseline;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.labels.DelayedLabels;
import dev.streamlearn.operators.learner.OnlineClassifier;
import java.util.List;

/**
 * The model of one stream in a prequential job: a classifier (a MOA learner or DriftMoE, see {@link
 * Classifiers}) evaluated prequentially. Every instance is first predicted; a labelled one is then
 * counted in the evaluator and learned. An unlabelled one waits for a label that comes later
 * ({@link #label}): the evaluator then scores the prediction made when the instance arrived, and
 * the classifier learns the instance.
 *
 * <pre>{@code
 * PrequentialLearner l = PrequentialLearner.create(PrequentialConfig.defaults(), schema);
 * double[] proba = l.testThenTrain("7", x, y);   // y = -1 for an unlabelled instance
 * l.label("7", 1);                               // its label, later
 * l.evaluator().accuracy();
 * }</pre>
 */
public final class PrequentialLearner {
    private final OnlineClassifier classifier;
    private final PrequentialEvaluator evaluator;
    private final DelayedLabels delayed;
    private long instances;

    PrequentialLearner(
            OnlineClassifier classifier,
            PrequentialEvaluator evaluator,
            DelayedLabels delayed,
            long instances) {
        this.classifier = classifier;
        this.evaluator = evaluator;
        this.delayed = delayed;
        this.instances = instances;
    }

    public static PrequentialLearner create(PrequentialConfig config, StreamSchema schema) {
        return new PrequentialLearner(
                Classifiers.create(config.learner(), schema, 1),
                new PrequentialEvaluator(schema.numClasses(), config.window()),
                new DelayedLabels(config.maxPending()),
                0);
    }

    /** Predicts {@code x}; when {@code y >= 0} also evaluates the prediction and learns. */
    public double[] testThenTrain(double[] x, int y) {
        instances++;
        if (y < 0) {
            return classifier.predictProbaOne(x);
        }
        double[] proba = classifier.predictThenLearnOne(x, y);
        evaluator.add(OnlineClassifier.argMax(proba), y);
        return proba;
    }

    /**
     * Predicts the instance {@code id}. Labelled ({@code y >= 0}, or its label arrived early), it
     * is evaluated and learned at once; unlabelled, it waits for {@link #label}.
     */
    public double[] testThenTrain(String id, double[] x, int y) {
        Integer early = delayed.takeEarly(id);
        int label = y >= 0 ? y : early != null ? early : -1;
        double[] proba = testThenTrain(x, label);
        if (label < 0) {
            delayed.await(id, x, OnlineClassifier.argMax(proba));
        }
        return proba;
    }

    /**
     * The label of instance {@code id}: when the instance waits, its prediction is evaluated and
     * the classifier learns it (returns true); otherwise the label waits for its instance (returns
     * false), and the labels this pushes out are returned in {@code unmatched}.
     */
    public boolean label(String id, int y, List<DelayedLabels.EarlyLabel> unmatched) {
        DelayedLabels.Pending p = delayed.match(id);
        if (p == null) {
            unmatched.addAll(delayed.holdEarly(id, y));
            return false;
        }
        evaluator.add(p.predicted(), y);
        classifier.learnOne(p.x(), y);
        return true;
    }

    /** Unlabelled instances waiting for a label, and labels waiting for an instance. */
    public DelayedLabels delayed() {
        return delayed;
    }

    /** True right after every {@code every}-th labelled instance: time to report the figures. */
    public boolean figuresDue(int every) {
        return evaluator.count() > 0 && evaluator.count() % every == 0;
    }

    /** Instances seen, labelled or not. */
    public long instances() {
        return instances;
    }

    /** Labelled instances learned: the model version. */
    public long version() {
        return evaluator.count();
    }

    /** The classifier's estimated size plus the evaluator's window. */
    public long estimatedBytes() {
        return classifier.estimatedBytes() + evaluator.estimatedBytes() + delayed.estimatedBytes();
    }

    public PrequentialEvaluator evaluator() {
        return evaluator;
    }

    /** The hosted classifier. */
    public OnlineClassifier classifier() {
        return classifier;
    }
}
