package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import dev.streamlearn.operators.active.ActiveLearner;
import dev.streamlearn.operators.active.ActiveLearningConfig;
import dev.streamlearn.operators.active.BiasGuardConfig;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.active.StrategyConfig;
import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.moa.MoaSchemas;
import dev.streamlearn.operators.streams.LabelledStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import moa.classifiers.Classifier;
import moa.classifiers.active.ALClassifier;
import moa.options.ClassOption;

/**
 * {@code streamlearn bench active}: every query strategy under the chosen budget managers, and
 * MOA's own {@code ALUncertainty} (each of its four strategies) and {@code ALRandom}, prequentially
 * on the same stream with the same base learner and seed in one process. Every instance is
 * predicted and scored against its true label (MOA's {@code ALPrequentialEvaluationTask}); the
 * learner learns only the labels its strategy asked for. Prints accuracy, kappa, labels used, the
 * spent ratio and instances/s, averaged over seeds; a sweep over budgets draws accuracy against
 * budget.
 */
public final class ActiveBenchmark {

    /** MOA's active learners by our strategy name, in MOA's CLI form (base learner appended). */
    static final Map<StrategyConfig.Kind, String> MOA_STRATEGIES = new LinkedHashMap<>();

    static {
        MOA_STRATEGIES.put(StrategyConfig.Kind.RANDOM, "ALRandom");
        MOA_STRATEGIES.put(StrategyConfig.Kind.FIXED_UNCERTAINTY, "FixedUncertainty");
        MOA_STRATEGIES.put(StrategyConfig.Kind.VARIABLE_UNCERTAINTY, "VarUncertainty");
        MOA_STRATEGIES.put(
                StrategyConfig.Kind.RANDOMIZED_VARIABLE_UNCERTAINTY, "RandVarUncertainty");
        MOA_STRATEGIES.put(StrategyConfig.Kind.SELECTIVE_SAMPLING, "SelSampling");
    }

    /**
     * @param stream a named stream (SEA_g, ...), {@code elec}, an .arff file or a MOA CLI string
     * @param instances instances per run (at most; files may be shorter)
     * @param seeds run seeds (stream, strategies, MOA's generator), averaged
     * @param learner the base classifier: a MOA classifier in MOA's CLI form or a DriftMoE name
     *     (MOA's active learners run only with a MOA base learner)
     * @param strategies our strategies to run
     * @param managers the budget managers each strategy runs under
     * @param budgets budgets to run; more than one draws accuracy against budget
     * @param window the windowed estimate's and the quantile filter's window
     * @param moa whether to run MOA's active learners too
     * @param delayMin with {@code delayMax}: the label of a requested instance arrives this many
     *     instances later at least (drawn uniformly, seeded), 0 for at once
     * @param delayMax the most instances a requested label arrives after its instance
     * @param guard our active learners' bias guard ({@link BiasGuardConfig#none()}: MOA's)
     * @param latencyBandwidth above 0: our active learners' latency-aware utility with this
     *     bandwidth; 0: off
     * @param oracleUtility with a delay: our strategies score instances with a twin of the learner
     *     that gets every requested answer at once ({@link OracleQueryClassifier}), the bound of
     *     any latency-aware utility
     */
    public record Config(
            String stream,
            long instances,
            List<Long> seeds,
            String learner,
            List<StrategyConfig.Kind> strategies,
            List<BudgetConfig.Kind> managers,
            List<Double> budgets,
            int window,
            boolean moa,
            int delayMin,
            int delayMax,
            BiasGuardConfig guard,
            double latencyBandwidth,
            boolean oracleUtility) {

        /** Labels at once, no guard (MOA's behaviour). */
        public Config(
                String stream,
                long instances,
                List<Long> seeds,
                String learner,
                List<StrategyConfig.Kind> strategies,
                List<BudgetConfig.Kind> managers,
                List<Double> budgets,
                int window,
                boolean moa) {
            this(
                    stream,
                    instances,
                    seeds,
                    learner,
                    strategies,
                    managers,
                    budgets,
                    window,
                    moa,
                    0,
                    0,
                    BiasGuardConfig.none(),
                    0,
                    false);
        }

        public Config {
            if (delayMin < 0 || delayMax < delayMin) {
                throw new IllegalArgumentException(
                        "the label delay must be 0 <= min <= max instances, got "
                                + delayMin
                                + "-"
                                + delayMax);
            }
            if (instances < 1) {
                throw new IllegalArgumentException(
                        "instances must be at least 1, got " + instances);
            }
            if (seeds.isEmpty()
                    || strategies.isEmpty()
                    || managers.isEmpty()
                    || budgets.isEmpty()) {
                throw new IllegalArgumentException(
                        "give at least one seed, strategy, budget manager and budget");
            }
            for (double b : budgets) {
                BudgetConfig.of(BudgetConfig.Kind.CUMULATIVE, b); // says what a bad budget is
            }
            BudgetConfig.of(BudgetConfig.Kind.WINDOWED, 0.1).withWindow(window);
            ActiveLearningConfig.defaults().withLatencyAware(latencyBandwidth); // says what is bad
            if (guard == null) {
                throw new IllegalArgumentException("the bias guard is missing");
            }
            if (oracleUtility && delayMax == 0) {
                throw new IllegalArgumentException(
                        "--oracle-utility bounds what late labels cost; give a --delay too, e.g."
                                + " 100-300");
            }
        }

        /** Our active learners' configuration for one run. */
        ActiveLearningConfig active(
                StrategyConfig.Kind strategy, BudgetConfig.Kind manager, double b, long seed) {
            return new ActiveLearningConfig(
                    StrategyConfig.of(strategy),
                    BudgetConfig.of(manager, b).withWindow(window),
                    seed,
                    guard,
                    latencyBandwidth);
        }

        /** Whether MOA's active learners can run: a MOA base learner and {@link #moa}. */
        boolean runsMoa() {
            return moa && !Classifiers.isDriftMoe(learner);
        }
    }

    /**
     * One run's figures, averaged over the seeds.
     *
     * @param name ours ({@code variable}, {@code variable/biqf}) or MOA's ({@code moa-variable})
     * @param strategy the strategy's short name
     * @param manager the budget manager's short name ({@code moa} for MOA's own)
     * @param labelsUsed labels requested, mean over the seeds
     * @param stream the stream it ran on
     * @param drifts times the model was replaced for a drift (its own detector's and our guard's),
     *     mean over the seeds; 0 for MOA's runs (not counted)
     */
    public record Result(
            String stream,
            String name,
            String strategy,
            @JsonProperty("budget_manager") String manager,
            double budget,
            double accuracy,
            double kappa,
            @JsonProperty("labels_used") double labelsUsed,
            @JsonProperty("spent_ratio") double spentRatio,
            @JsonProperty("instances_per_s") double instancesPerSecond,
            long instances,
            int seeds,
            double drifts) {

        /** Without a drift count. */
        public Result(
                String stream,
                String name,
                String strategy,
                String manager,
                double budget,
                double accuracy,
                double kappa,
                double labelsUsed,
                double spentRatio,
                double instancesPerSecond,
                long instances,
                int seeds) {
            this(
                    stream,
                    name,
                    strategy,
                    manager,
                    budget,
                    accuracy,
                    kappa,
                    labelsUsed,
                    spentRatio,
                    instancesPerSecond,
                    instances,
                    seeds,
                    0);
        }

        boolean isMoa() {
            return manager.equals("moa");
        }
    }

    private final Config config;
    private final PrintStream out;

    public ActiveBenchmark(Config config, PrintStream out) {
        if (Classifiers.isDriftMoe(config.learner())) {
            Classifiers.driftMoe(config.learner()); // names the known variants if wrong
        }
        this.config = config;
        this.out = out;
    }

    /** Instances of the untimed warm-up pass of every run, so that no run pays for the JIT. */
    static final long WARM_UP = 10_000;

    public List<Result> run() {
        if (config.moa() && !config.runsMoa()) {
            out.println(
                    "MOA's active learners need a MOA base learner; "
                            + config.learner()
                            + " runs without them");
        }
        out.printf(
                "warming up: every run on the first %,d instances, untimed%n",
                Math.min(WARM_UP, config.instances()));
        runAll(config.budgets().get(0), Math.min(WARM_UP, config.instances()));
        List<Result> results = new ArrayList<>();
        for (double budget : config.budgets()) {
            List<Result> atBudget = runAll(budget, config.instances());
            printTable(budget, atBudget);
            results.addAll(atBudget);
        }
        return results;
    }

    private List<Result> runAll(double budget, long instances) {
        List<Result> atBudget = new ArrayList<>();
        if (!config.managers().contains(BudgetConfig.Kind.CUMULATIVE)) {
            // Random's rule, the reference of every gap (ActiveGapTable)
            atBudget.add(
                    ours(
                            StrategyConfig.Kind.RANDOM,
                            BudgetConfig.Kind.CUMULATIVE,
                            budget,
                            instances));
        }
        for (BudgetConfig.Kind manager : config.managers()) {
            for (StrategyConfig.Kind strategy : config.strategies()) {
                atBudget.add(ours(strategy, manager, budget, instances));
            }
        }
        if (config.runsMoa()) {
            for (StrategyConfig.Kind strategy : config.strategies()) {
                if (MOA_STRATEGIES.containsKey(strategy)) {
                    atBudget.add(moa(strategy, budget, instances));
                }
            }
        }
        return atBudget;
    }

    private static String name(StrategyConfig.Kind strategy, BudgetConfig.Kind manager) {
        return manager == BudgetConfig.Kind.CUMULATIVE
                ? strategy.cliName()
                : strategy.cliName() + "/" + manager.cliName();
    }

    private Result ours(
            StrategyConfig.Kind strategy,
            BudgetConfig.Kind manager,
            double budget,
            long instances) {
        String name = name(strategy, manager);
        Totals t = new Totals();
        for (long seed : config.seeds()) {
            runSeed(strategy, manager, budget, instances, seed, t);
        }
        return t.result(
                config.stream(),
                name,
                strategy.cliName(),
                manager.cliName(),
                budget,
                config.seeds().size());
    }

    /** One seed's run of our active learner, added to {@code t}. */
    private void runSeed(
            StrategyConfig.Kind strategy,
            BudgetConfig.Kind manager,
            double budget,
            long instances,
            long seed,
            Totals t) {
        try (LabelledStream stream = BenchInputs.stream(config.stream(), seed)) {
            OnlineClassifier classifier =
                    BenchInputs.classifier(config.learner(), stream.schema(), seed);
            OracleQueryClassifier oracle =
                    config.oracleUtility()
                            ? new OracleQueryClassifier(
                                    classifier,
                                    BenchInputs.classifier(config.learner(), stream.schema(), seed))
                            : null;
            ActiveLearner al =
                    ActiveLearner.create(
                            oracle == null ? classifier : oracle,
                            config.active(strategy, manager, budget, seed));
            PrequentialEvaluator eval =
                    new PrequentialEvaluator(stream.schema().numClasses(), 1000);
            long start = System.nanoTime();
            long count = 0;
            // labels of requested instances that arrive later: by the instance they precede
            java.util.TreeMap<Long, List<LabelledStream.Example>> late = new java.util.TreeMap<>();
            java.util.SplittableRandom delays = new java.util.SplittableRandom(seed * 31 + 7);
            int span = config.delayMax() - config.delayMin() + 1;
            while (stream.hasNext() && count < instances) {
                LabelledStream.Example e = stream.next();
                while (!late.isEmpty() && late.firstKey() <= count) {
                    for (LabelledStream.Example l : late.pollFirstEntry().getValue()) {
                        al.learn(l.x(), l.y());
                    }
                }
                // with the oracle the query's probabilities are the twin's: predict with the
                // learner
                int predicted = oracle == null ? -1 : classifier.predictOne(e.x());
                ActiveLearner.Query q;
                if (config.delayMax() == 0) {
                    q = al.queryThenLearn(e.x(), e.y());
                } else {
                    q = al.query(e.x());
                    if (q.requested()) {
                        long at = count + config.delayMin() + delays.nextInt(span);
                        late.computeIfAbsent(at, k -> new ArrayList<>()).add(e);
                        if (oracle != null) {
                            oracle.answerAtOnce(e.x(), e.y());
                        }
                    }
                }
                eval.add(oracle == null ? OnlineClassifier.argMax(q.proba()) : predicted, e.y());
                count++;
            }
            t.add(eval, al.requested(), count, System.nanoTime() - start);
            t.drifts += al.driftsDetected();
        }
    }

    private Result moa(StrategyConfig.Kind strategy, double budget, long instances) {
        String moaName = MOA_STRATEGIES.get(strategy);
        String cli =
                strategy == StrategyConfig.Kind.RANDOM
                        ? String.format(
                                "active.ALRandom -l (%s) -b (FixedBM -b %s)",
                                config.learner(), budget)
                        : String.format(
                                "active.ALUncertainty -l (%s) -d %s -b %s",
                                config.learner(), moaName, budget);
        Totals t = new Totals();
        for (long seed : config.seeds()) {
            try (LabelledStream stream = BenchInputs.stream(config.stream(), seed)) {
                InstancesHeader header = MoaSchemas.header(stream.schema());
                ALClassifier learner = createMoa(cli, header, seed);
                int classes = stream.schema().numClasses();
                PrequentialEvaluator eval = new PrequentialEvaluator(classes, 1000);
                long labels = 0;
                long start = System.nanoTime();
                long count = 0;
                while (stream.hasNext() && count < instances) {
                    LabelledStream.Example e = stream.next();
                    Instance instance = MoaSchemas.instance(header, e.x(), e.y());
                    double[] votes = learner.getVotesForInstance(instance);
                    eval.add(
                            OnlineClassifier.argMax(
                                    Arrays.copyOf(votes == null ? new double[0] : votes, classes)),
                            e.y());
                    learner.trainOnInstance(instance);
                    labels += learner.getLastLabelAcqReport();
                    count++;
                }
                t.add(eval, labels, count, System.nanoTime() - start);
            }
        }
        return t.result(
                config.stream(),
                "moa-" + strategy.cliName(),
                strategy.cliName(),
                "moa",
                budget,
                config.seeds().size());
    }

    private static ALClassifier createMoa(String cli, InstancesHeader header, long seed) {
        final ALClassifier learner;
        try {
            learner = (ALClassifier) ClassOption.cliStringToObject(cli, Classifier.class, null);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "MOA cannot build '" + cli + "': " + e.getMessage(), e);
        }
        if (learner.isRandomizable()) {
            learner.setRandomSeed((int) seed);
        }
        // MOA's active learners create their base learner in prepareForUse and pass the header on
        // to it, so the header comes second
        learner.prepareForUse();
        learner.setModelContext(header);
        return learner;
    }

    /** Sums over the seeds. */
    private static final class Totals {
        double accuracy;
        double kappa;
        double labels;
        double spent;
        double rate;
        double drifts;
        long instances;

        void add(PrequentialEvaluator eval, long requested, long count, long nanos) {
            accuracy += eval.accuracy();
            kappa += eval.kappa();
            labels += requested;
            spent += (double) requested / count;
            rate += count / (nanos / 1e9);
            instances = count;
        }

        Result result(
                String stream, String name, String strategy, String manager, double budget, int k) {
            return new Result(
                    stream,
                    name,
                    strategy,
                    manager,
                    budget,
                    accuracy / k,
                    kappa / k,
                    labels / k,
                    spent / k,
                    rate / k,
                    instances,
                    k,
                    drifts / k);
        }
    }

    private void printTable(double budget, List<Result> results) {
        out.println();
        out.printf(
                "%s, learner %s, budget %s, %,d instances, %d seed(s)%s%n",
                config.stream(),
                config.learner(),
                budget,
                results.get(0).instances(),
                results.get(0).seeds(),
                config.delayMax() == 0
                        ? ""
                        : ", our labels "
                                + config.delayMin()
                                + "-"
                                + config.delayMax()
                                + " instances late (MOA's at once)"
                                + (config.oracleUtility()
                                        ? "; our strategies score with a twin given every answer"
                                                + " at once"
                                        : ""));
        BenchTable.of("run", Result::name)
                .column("accuracy", "%.4f", Result::accuracy)
                .column("kappa", "%.4f", Result::kappa)
                .column("labels", "%,.0f", Result::labelsUsed)
                .column("spent", "%.4f", Result::spentRatio)
                .column("vs b (pt)", "%+.2f", r -> (r.spentRatio() - budget) * 100)
                .column("instances/s", "%,.0f", Result::instancesPerSecond)
                .column("drifts", "%.1f", Result::drifts)
                .text("vs MOA (pt)", r -> versusMoa(r, results))
                .print(out, results);
    }

    /**
     * The accuracy difference to MOA's run of the same strategy, in points; blank but under the
     * cumulative manager, MOA's own, without our guard and latency-aware utility and with labels at
     * once (compare like with like).
     */
    private String versusMoa(Result r, List<Result> results) {
        boolean likeMoa =
                config.guard().kind() == BiasGuardConfig.Kind.MOA
                        && config.latencyBandwidth() == 0
                        && config.delayMax() == 0
                        && !config.oracleUtility();
        if (!likeMoa || !r.manager().equals(BudgetConfig.Kind.CUMULATIVE.cliName())) {
            return "";
        }
        return results.stream()
                .filter(m -> m.isMoa() && m.strategy().equals(r.strategy()))
                .findFirst()
                .map(m -> String.format(Locale.ROOT, "%+.2f", (r.accuracy() - m.accuracy()) * 100))
                .orElse("");
    }

    /** Draws accuracy against budget, one line per run name. */
    public void writeChart(List<Result> results, Path file) throws IOException {
        LineChart chart =
                new LineChart(
                        config.stream()
                                + ", "
                                + config.learner()
                                + ": accuracy against label budget",
                        "budget (share of instances labelled)",
                        "prequential accuracy");
        Map<String, List<Result>> byName = new LinkedHashMap<>();
        for (Result r : results) {
            byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Result>> e : byName.entrySet()) {
            chart.series(
                    e.getKey(),
                    e.getValue().stream().mapToDouble(Result::budget).toArray(),
                    e.getValue().stream().mapToDouble(Result::accuracy).toArray());
        }
        chart.writePng(file, 1000, 600);
    }

    /** Writes {@code {"stream": ..., "learner": ..., "results": [...]}} for scripts. */
    public static void writeJson(List<Result> results, Config config, Path file)
            throws IOException {
        BenchReport.writeJson(
                file,
                BenchReport.settings("stream", config.stream(), "learner", config.learner()),
                results);
    }
}
