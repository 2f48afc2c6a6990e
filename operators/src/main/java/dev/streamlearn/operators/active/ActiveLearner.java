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
 * <p>The {@link BiasGuardConfig guard} decides a random share of the instances by Random's rule
 * instead of the strategy (charged to the same budget) and, with {@link
 * BiasGuardConfig.Kind#SHARE_DDM}, feeds the errors on that share's labels alone to a drift
 * detector that resets the classifier. The {@link LatencyAwareUtility latency-aware utility}
 * discounts instances near requests whose answer is pending. Both off is MOA's behaviour.
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
     * @param unbiased whether the instance was decided by the guard's random share
     */
    public record Query(double[] proba, double utility, boolean requested, boolean unbiased) {

        /** An instance the strategy decided. */
        public Query(double[] proba, double utility, boolean requested) {
            this(proba, utility, requested, false);
        }
    }

    private final ActiveLearningConfig config;
    private final OnlineClassifier classifier;
    private final QueryStrategy strategy;
    private final BudgetManager budget;
    private final boolean[] taught;
    private final double[] uniform;
    private int taughtClasses;
    private long learned;
    private final Generator guardRandom;
    private final double guardShare;
    private final ErrorRateDetector detector;
    private final PendingRequests pending;
    private final LatencyAwareUtility latency;
    private long epoch;
    private long guardResets;
    private long learnerDrifts;

    ActiveLearner(
            ActiveLearningConfig config,
            OnlineClassifier classifier,
            QueryStrategy strategy,
            BudgetManager budget) {
        this(
                config,
                classifier,
                strategy,
                budget,
                new ErrorRateDetector(),
                new PendingRequests(),
                config.latencyBandwidth() > 0
                        ? new LatencyAwareUtility(config.latencyBandwidth())
                        : null);
    }

    /**
     * A learner of restored parts: its guard's detector, the requests pending and the latency
     * utility (null iff {@code config} turns it off).
     */
    ActiveLearner(
            ActiveLearningConfig config,
            OnlineClassifier classifier,
            QueryStrategy strategy,
            BudgetManager budget,
            ErrorRateDetector detector,
            PendingRequests pending,
            LatencyAwareUtility latency) {
        if ((latency != null) != (config.latencyBandwidth() > 0)) {
            throw new IllegalStateException(
                    "the latency-aware utility is "
                            + (latency != null ? "present" : "missing")
                            + " but the configuration's bandwidth is "
                            + config.latencyBandwidth());
        }
        this.config = config;
        this.classifier = classifier;
        this.strategy = strategy;
        this.budget = budget;
        int c = classifier.numClasses();
        this.taught = new boolean[c];
        this.uniform = new double[c];
        Arrays.fill(uniform, 1.0 / c);
        // its own stream, so that the strategy draws what it would draw without the guard
        this.guardRandom = new Generator(config.seed() ^ 0x5DEECE66DL);
        this.guardShare = config.guard().shareAt(config.budget().budget());
        this.detector = detector;
        this.pending = pending;
        this.latency = latency;
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
        Query q =
                config.guard().drawsShare() && guardRandom.uniform() < guardShare
                        ? queryAtRandom(proba)
                        : queryByStrategy(x, proba);
        if (q.requested() && tracksPending()) {
            pending.add(
                    new PendingRequests.Pending(
                            x.clone(), OnlineClassifier.argMax(proba), q.unbiased(), epoch));
        }
        if (latency != null) {
            latency.observe(x);
        }
        return q;
    }

    /** The guard's share: Random's rule, asked with probability b. */
    private Query queryAtRandom(double[] proba) {
        double r = guardRandom.uniform();
        boolean requested = budget.decideAtRandom(r < budget.budget());
        return new Query(proba, 1 - r, requested, true);
    }

    private Query queryByStrategy(double[] x, double[] proba) {
        QueryStrategy.Score score = strategy.score(taughtClasses < 2 ? uniform : proba);
        double utility = score.utility();
        boolean wanted = score.wanted();
        if (latency != null && config.strategy().kind() != StrategyConfig.Kind.RANDOM) {
            // Random's draw is no uncertainty: nothing to discount
            double factor = latency.factor(x, pending.all());
            utility *= factor;
            wanted &= factor > 0.5;
        }
        boolean strategyDecides = budget.allowsQuery();
        boolean requested = budget.decide(utility, wanted);
        if (strategyDecides) {
            strategy.update(score, requested);
        }
        return new Query(proba, utility, requested, false);
    }

    /**
     * Whether requests are remembered until answered: the guard or the latency utility need them.
     */
    private boolean tracksPending() {
        return config.guard().detects() || latency != null;
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
        PendingRequests.Pending request = tracksPending() ? pending.take(x) : null;
        classifier.learnOne(x, y);
        learned++;
        if (classifier.changeDetected()) {
            learnerDrifts++;
        }
        if (!taught[y]) {
            taught[y] = true;
            taughtClasses++;
        }
        if (request != null && request.unbiased() && request.epoch() == epoch) {
            watch(request.predicted() != y);
        }
    }

    /** Feeds the guard's detector one error of the random share; resets the model on a change. */
    private void watch(boolean error) {
        if (detector.add(error) && classifier.resetLearning()) {
            epoch++;
            guardResets++;
            Arrays.fill(taught, false);
            taughtClasses = 0;
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

    /** The share of instances the guard decides at random at this budget (0 without a guard). */
    public double guardShare() {
        return config.guard().drawsShare() ? guardShare : 0;
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

    /**
     * Times the model was replaced for a drift: by the classifier's own detector (MOA's {@code
     * SingleClassifierDrift}) or by the guard's.
     */
    public long driftsDetected() {
        return learnerDrifts + guardResets;
    }

    /** Times the guard's detector reset the classifier. */
    public long guardResets() {
        return guardResets;
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
        return classifier.estimatedBytes()
                + budget.estimatedBytes()
                + pending.estimatedBytes()
                + 128L
                + taught.length;
    }

    ErrorRateDetector detector() {
        return detector;
    }

    PendingRequests pending() {
        return pending;
    }

    /** The latency-aware utility, null when off. */
    LatencyAwareUtility latency() {
        return latency;
    }

    /** The state of the guard's generator. */
    long guardRandomState() {
        return guardRandom.state();
    }

    /** The model epoch: guard resets since the start, as the pending requests remember it. */
    long epoch() {
        return epoch;
    }

    /** Times the classifier's own detector replaced its model. */
    long learnerDrifts() {
        return learnerDrifts;
    }

    /** Sets the guard's counters and generator of a restored learner. */
    void restoreGuard(long randomState, long epochThen, long guardResetsThen, long driftsThen) {
        guardRandom.restore(randomState);
        epoch = epochThen;
        guardResets = guardResetsThen;
        learnerDrifts = driftsThen;
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
