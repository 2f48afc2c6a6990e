package dev.streamlearn.operators.baseline;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.learner.OnlineClassifier;

/**
 * The model of one stream in a prequential job: a classifier (a MOA learner or DriftMoE, see {@link
 * Classifiers}) evaluated prequentially. Every instance is first predicted; a labelled one is then
 * counted in the evaluator and learned.
 *
 * <pre>{@code
 * PrequentialLearner l = PrequentialLearner.create(PrequentialConfig.defaults(), schema);
 * double[] proba = l.testThenTrain(x, y);   // y = -1 for an unlabelled instance
 * l.evaluator().accuracy();
 * }</pre>
 */
public final class PrequentialLearner {
    private final OnlineClassifier classifier;
    private final PrequentialEvaluator evaluator;
    private long instances;

    PrequentialLearner(
            OnlineClassifier classifier, PrequentialEvaluator evaluator, long instances) {
        this.classifier = classifier;
        this.evaluator = evaluator;
        this.instances = instances;
    }

    public static PrequentialLearner create(PrequentialConfig config, StreamSchema schema) {
        return new PrequentialLearner(
                Classifiers.create(config.learner(), schema, 1),
                new PrequentialEvaluator(schema.numClasses(), config.window()),
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
        return classifier.estimatedBytes() + evaluator.estimatedBytes();
    }

    public PrequentialEvaluator evaluator() {
        return evaluator;
    }

    /** The hosted classifier. */
    public OnlineClassifier classifier() {
        return classifier;
    }
}
