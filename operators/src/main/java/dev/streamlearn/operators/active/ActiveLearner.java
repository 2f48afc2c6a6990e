package dev.streamlearn.operators.active;

import dev.streamlearn.operators.learner.OnlineClassifier;
import java.util.Arrays;

/**
 * Stream-based active learning under a label budget (Zliobaite, Bifet, Pfahringer and Holmes,
 * "Active Learning With Drifting Streaming Data", IEEE TNNLS 2014): any {@link OnlineClassifier}
 * predicts every instance; a {@link QueryStrategy} scores it from the predicted probabilities and a
 * {@link BudgetManager} decides whether its label is requested, charging the budget at once; the
 * classifier learns only the labels it requested, whenever they come back ({@link #learn}).
 *
 * <p>A classifier that has learned fewer than two classes is treated as knowing nothing: the
 * strategy sees uniform probabilities and asks wherever the budget allows, as MOA's {@code
 * ALUncertainty} does with a vote vector of at most one entry. The probabilities come from {@link
 * OnlineClassifier#predictProbaForQuery}, which also reports a MOA learner freshly reset by its
 * drift detector as knowing nothing.
 *
 * <pre>{@code
 * ActiveLearner al = ActiveLearner.create(
 *         MoaClassifier.create("trees.HoeffdingTree", schema),
 *         ActiveLearningConfig.of(StrategyConfig.Kind.SPLIT, BudgetConfig.Kind.CUMULATIVE, 0.1, 7));
 * ActiveLearner.Query q = al.query(x);     // predicts and decides
 * if (q.requested()) {
 *     al.learn(x, labelFromTheOracle);     // now or later
 * }
 * al.spentRatio();
 * }</pre>
 */
public final class ActiveLearner {

    /**
     * The outcome for one instance.
     *
     * @param proba the classifier's probabilities (the prediction)
     * @param utility the strategy's utility of the instance
     * @param requested whether its label is requested (the budget is already charged)
     */
    public record Query(double[] proba, double utility, boolean requested) {}

    private final ActiveLearningConfig config;
    private final OnlineClassifier classifier;
    private final QueryStrategy strategy;
    private final BudgetManager budget;
    private final boolean[] taught;
    private final double[] uniform;
    private int taughtClasses;
    private long learned;

    ActiveLearner(
            ActiveLearningConfig config,
            OnlineClassifier classifier,
            QueryStrategy strategy,
            BudgetManager budget) {
        this.config = config;
        this.classifier = classifier;
        this.strategy = strategy;
        this.budget = budget;
        int c = classifier.numClasses();
        this.taught = new boolean[c];
        this.uniform = new double[c];
        Arrays.fill(uniform, 1.0 / c);
    }

    /** An active learner around a fresh classifier. */
    public static ActiveLearner create(OnlineClassifier classifier, ActiveLearningConfig config) {
        if (classifier.numClasses() < 2) {
            throw new IllegalArgumentException(
                    "active learning needs a classifier of at least 2 classes, got "
                            + classifier.numClasses());
        }
        return new ActiveLearner(
                config,
                classifier,
                QueryStrategy.create(config.strategy(), config.budget().budget(), config.seed()),
                BudgetManager.create(config.budget()));
    }

    /** Predicts {@code x}, scores it and decides whether to request its label. */
    public Query query(double[] x) {
        double[] proba = classifier.predictProbaForQuery(x);
        QueryStrategy.Score score = strategy.score(taughtClasses < 2 ? uniform : proba);
        boolean strategyDecides = budget.allowsQuery();
        boolean requested = budget.decide(score.utility(), score.wanted());
        if (strategyDecides) {
            strategy.update(score, requested);
        }
        return new Query(proba, score.utility(), requested);
    }

    /**
     * The label of an instance whose label was requested: the classifier learns it.
     *
     * @throws IllegalArgumentException for a class index outside the classifier's classes
     */
    public void learn(double[] x, int y) {
        if (y < 0 || y >= taught.length) {
            throw new IllegalArgumentException(
                    "class index "
                            + y
                            + " is outside the classifier's "
                            + taught.length
                            + " classes (0.."
                            + (taught.length - 1)
                            + ")");
        }
        classifier.learnOne(x, y);
        learned++;
        if (!taught[y]) {
            taught[y] = true;
            taughtClasses++;
        }
    }

    /**
     * One prequential step with the oracle at hand: {@link #query}, then {@link #learn} at once
     * when the label was requested.
     */
    public Query queryThenLearn(double[] x, int y) {
        Query q = query(x);
        if (q.requested()) {
            learn(x, y);
        }
        return q;
    }

    /** Labels requested per instance seen. */
    public double spentRatio() {
        return budget.spentRatio();
    }

    /** Instances seen. */
    public long seen() {
        return budget.seen();
    }

    /** Labels requested. */
    public long requested() {
        return budget.queried();
    }

    /** Labels learned: the model version. */
    public long learned() {
        return learned;
    }

    public ActiveLearningConfig config() {
        return config;
    }

    public OnlineClassifier classifier() {
        return classifier;
    }

    public QueryStrategy strategy() {
        return strategy;
    }

    public BudgetManager budgetManager() {
        return budget;
    }

    /** The classifier's estimate plus the budget manager's. */
    public long estimatedBytes() {
        return classifier.estimatedBytes() + budget.estimatedBytes() + 64L + taught.length;
    }

    boolean[] taught() {
        return taught;
    }

    void restoreTaught(boolean[] classes, long learnedThen) {
        taughtClasses = 0;
        for (int i = 0; i < taught.length; i++) {
            taught[i] = i < classes.length && classes[i];
            taughtClasses += taught[i] ? 1 : 0;
        }
        this.learned = learnedThen;
    }
}
