package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.ActiveBenchmark;
import dev.streamlearn.jobs.bench.ActiveGapTable;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.active.StrategyConfig;
import dev.streamlearn.operators.streams.NamedStreams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamlearn bench active}: the active-learning strategies against MOA's active learners on
 * one stream.
 */
@Command(
        name = "active",
        mixinStandardHelpOptions = true,
        defaultValueProvider = BenchActiveCommand.Defaults.class,
        description = {
            "Stream-based active learning under a label budget: each query strategy (random, fixed, variable, randvar, selsampling, split, entropy) under the chosen budget managers (cumulative: MOA's labels/instances < b; windowed: Zliobaite's estimate u_t/w < b; biqf: Balanced Incremental Quantile Filter), and MOA's own ALUncertainty (FixedUncertainty, VarUncertainty, RandVarUncertainty, SelSampling) and ALRandom, prequentially on the same stream, base learner and seed in one process. Every instance is predicted and scored; the learner learns only the labels it asked for. Prints accuracy, kappa, labels used, the spent ratio and its distance to the budget in points, instances/s and, under the cumulative manager (MOA's), the accuracy difference to MOA's run of the same strategy, averaged over --seeds.",
            "Run names: the strategy (under the cumulative manager), strategy/windowed, strategy/biqf, and moa-<strategy> for MOA's."
        },
        footer = {
            "",
            "Streams: SEA_a, SEA_g, LED_a, LED_g, RBF_m, RBF_f (the DriftMoE paper's, seeded), AGR_a, AGR_g,",
            "HYP_m, HYP_f, STAGGER_a, STAGGER_g, each with an optional length (SEA_a:100k centres its three",
            "drifts in 100,000 instances), elec, an .arff file, or a MOA stream CLI string. Learners: a MOA",
            "classifier in MOA's CLI form, or a DriftMoE name (then without MOA's runs).",
            "",
            "Our active learners run with the bias guard share-ddm by default: a random share of the",
            "instances (0.2, grown to ask at least 4 labels per 1,000 below a budget of 0.02: 0.4 at 0.01)",
            "is decided by Random's rule (same budget) and its labels alone feed a drift detector that",
            "resets the learner. --guard moa is MOA's behaviour (the 'vs MOA' column compares like with",
            "like only then). With --budgets or --streams every run's gap to Random (the random run at the",
            "same budget and seeds) is printed per budget, '*' where it is more than 2 points below.",
            "",
            "Examples:",
            "  streamlearn bench active --stream elec --budget 0.1 --strategy all --json active.json",
            "  streamlearn bench active --stream elec --budgets 0.01,0.05,0.1,0.2,0.5,1 --png elec-budgets.png",
            "  streamlearn bench active --stream SEA_g --instances 100000 --budget-manager all",
            "  streamlearn bench active --stream elec --learner trees.HoeffdingTree --strategy variable,split",
            "  # the collapse at low budgets, with and without the guard, on two drift generators:",
            "  streamlearn bench active --streams SEA_a:100k,AGR_a:100k --instances 100000 --budgets 0.01,0.05 --no-moa --guard moa",
            "  streamlearn bench active --streams drift --instances 100000 --budgets 0.01,0.03,0.05 --no-moa",
            "  # late labels, with the latency-aware utility:",
            "  streamlearn bench active --stream elec --budget-manager biqf --delay 100-300 --latency-aware --no-moa"
        })
final class BenchActiveCommand implements Callable<Integer> {

    /** This benchmark's stream and run length. */
    static final class Defaults extends BenchDefaults {
        Defaults() {
            super(Map.of("--stream", "elec", "--instances", "1000000"));
        }
    }

    @Mixin BenchStreamMixin stream;

    @Mixin BenchSeedsMixin seeds;

    @Option(
            names = "--learner",
            defaultValue = "drift.SingleClassifierDrift",
            description =
                    "base classifier, MOA CLI or a DriftMoE name (default: ${DEFAULT-VALUE},"
                            + " MOA's ALUncertainty default: Naive Bayes with DDM)")
    String learner;

    @Option(
            names = "--strategy",
            defaultValue = "all",
            split = ",",
            description =
                    "strategies: all, or some of random, fixed, variable, randvar, selsampling,"
                            + " split, entropy (default: ${DEFAULT-VALUE})")
    List<String> strategies;

    @Option(
            names = "--budget-manager",
            defaultValue = "all",
            split = ",",
            description =
                    "budget managers: all, or some of cumulative, windowed, biqf"
                            + " (default: ${DEFAULT-VALUE})")
    List<String> managers;

    @Option(
            names = "--budget",
            defaultValue = "0.1",
            description = "label budget, a share of instances (default: ${DEFAULT-VALUE})")
    double budget;

    @Option(
            names = "--delay",
            defaultValue = "0",
            description =
                    "our active learners get each requested label this many instances later:"
                            + " N or MIN-MAX (uniform, seeded), e.g. 100-300; 0 for at once"
                            + " (default: ${DEFAULT-VALUE}; MOA's always at once)")
    String delay;

    static int[] labelDelay(String spec) {
        String[] p = spec.trim().split("-", -1);
        try {
            if (p.length == 1) {
                int d = Integer.parseInt(p[0].trim());
                return new int[] {d, d};
            }
            if (p.length == 2) {
                return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(new BenchActiveCommand()),
                "--delay '" + spec + "' is not N or MIN-MAX instances, e.g. 100-300");
    }

    @Option(
            names = "--budgets",
            split = ",",
            description =
                    "several budgets instead of --budget; prints each run's gap to Random per"
                            + " budget and draws accuracy against budget (to --png, default"
                            + " streamlearn-out/bench/active-budgets.png)")
    List<Double> budgets;

    @Option(
            names = "--streams",
            split = ",",
            description =
                    "several streams instead of --stream, one after the other; then the gap"
                            + " tables end with each run's worst gap to Random over them. 'drift'"
                            + " is every drift generator: "
                            + "SEA_a,SEA_g,AGR_a,AGR_g,HYP_m,HYP_f,RBF_m,RBF_f,LED_a,LED_g,"
                            + "STAGGER_a,STAGGER_g; a named stream may end in its length,"
                            + " SEA_a:200k, to centre its three drifts in a shorter run")
    List<String> streams;

    @Option(
            names = "--drift-length",
            description =
                    "with --streams drift: each generator's length (its drifts at 1/4, 1/2, 3/4"
                            + " of it), e.g. 200k; default: --instances")
    String driftLength;

    @Option(
            names = "--window",
            defaultValue = "100",
            description =
                    "window of the windowed estimate and of the quantile filter"
                            + " (default: ${DEFAULT-VALUE})")
    int window;

    @Option(
            names = "--oracle-utility",
            description =
                    "with --delay: our strategies score each instance with a twin of the learner"
                            + " that is given every requested answer at once, while the learner"
                            + " predicts and learns with the late ones: the most any latency-aware"
                            + " utility could recover of what the delay costs")
    boolean oracleUtility;

    @Option(names = "--no-moa", description = "skip MOA's active learners")
    boolean noMoa;

    @Mixin BenchJsonMixin json;

    @Mixin BiasGuardMixin guard;

    @Option(names = "--png", description = "draw accuracy against budget into this PNG file")
    Path png;

    @Override
    public Integer call() throws Exception {
        List<Double> runBudgets = budgets == null || budgets.isEmpty() ? List.of(budget) : budgets;
        List<String> specs = streamSpecs();
        ActiveGapTable gaps = new ActiveGapTable(2.0);
        List<ActiveBenchmark.Result> results = new ArrayList<>();
        ActiveBenchmark bench = null;
        ActiveBenchmark.Config config = null;
        for (String spec : specs) {
            config = config(spec, runBudgets);
            bench = new ActiveBenchmark(config, System.out);
            List<ActiveBenchmark.Result> rs = bench.run();
            gaps.add(spec, rs);
            results.addAll(rs);
        }
        if (runBudgets.size() > 1 || specs.size() > 1) {
            gaps.print(System.out);
        }
        ActiveBenchmark.Config last = config;
        json.write(file -> ActiveBenchmark.writeJson(results, last, file));
        Path chart =
                png != null
                        ? png
                        : runBudgets.size() > 1 && specs.size() == 1
                                ? Path.of("streamlearn-out/bench/active-budgets.png")
                                : null;
        if (chart != null) {
            bench.writeChart(results, chart);
            System.out.println("wrote " + chart);
        }
        return 0;
    }

    /** The streams to run: --streams ('drift' expanded), else --stream. */
    List<String> streamSpecs() {
        if (streams == null || streams.isEmpty()) {
            return List.of(stream.spec());
        }
        String length = driftLength != null ? driftLength : String.valueOf(stream.instances);
        List<String> out = new ArrayList<>();
        for (String s : streams) {
            if (s.equalsIgnoreCase("drift")) {
                NamedStreams.DRIFT_SUITE.forEach(n -> out.add(n + ":" + length));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private ActiveBenchmark.Config config(String spec, List<Double> runBudgets) {
        int[] delayRange = labelDelay(delay);
        List<StrategyConfig.Kind> kinds = new ArrayList<>(strategyKinds(strategies));
        if (!kinds.contains(StrategyConfig.Kind.RANDOM)) {
            kinds.add(0, StrategyConfig.Kind.RANDOM); // the reference of every gap
        }
        return new ActiveBenchmark.Config(
                spec,
                stream.instances,
                seeds.seeds,
                learner,
                kinds,
                managerKinds(managers),
                runBudgets,
                window,
                !noMoa,
                delayRange[0],
                delayRange[1],
                guard.config(),
                guard.latencyAware,
                oracleUtility);
    }

    static List<StrategyConfig.Kind> strategyKinds(List<String> names) {
        if (names.size() == 1 && names.get(0).equalsIgnoreCase("all")) {
            return Arrays.asList(StrategyConfig.Kind.values());
        }
        List<StrategyConfig.Kind> kinds = new ArrayList<>();
        for (String n : names) {
            kinds.add(StrategyConfig.Kind.fromName(n));
        }
        return kinds;
    }

    static List<BudgetConfig.Kind> managerKinds(List<String> names) {
        if (names.size() == 1 && names.get(0).equalsIgnoreCase("all")) {
            return Arrays.asList(BudgetConfig.Kind.values());
        }
        List<BudgetConfig.Kind> kinds = new ArrayList<>();
        for (String n : names) {
            kinds.add(BudgetConfig.Kind.fromName(n));
        }
        return kinds;
    }
}
