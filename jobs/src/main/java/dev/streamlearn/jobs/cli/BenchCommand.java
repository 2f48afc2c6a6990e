package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.ActiveBenchmark;
import dev.streamlearn.jobs.bench.DriftMoeBenchmark;
import dev.streamlearn.jobs.bench.JobBenchmark;
import dev.streamlearn.jobs.bench.RlBenchmark;
import dev.streamlearn.jobs.bench.RlLoopBenchmark;
import dev.streamlearn.jobs.bench.StateBenchmark;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.active.StrategyConfig;
import dev.streamlearn.operators.rl.AgentSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamlearn bench}: benchmarks that print figures and ratios against a reference. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks: each runs the reference system on the same stream in the same process and prints a table with the ratios."
        },
        subcommands = {
            BenchCommand.State.class,
            BenchCommand.DriftMoeBench.class,
            BenchCommand.JobBench.class,
            BenchCommand.RlBench.class,
            BenchCommand.RlLoop.class,
            BenchCommand.ActiveBench.class
        })
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Model state: plain MOA vs naive ValueState vs the keyed-model operator. */
    @Command(
            name = "state",
            mixinStandardHelpOptions = true,
            description = {
                "A per-key prequential MOA Hoeffding tree on SEA, run four ways: plain MOA without Flink (plain-moa); Flink reading and writing the model through ValueState on every record, with Flink's own serializer for the model as a first job would (Kryo; naive-value-state, the baseline of the ratios) and with the project's codec (naive-value-state-codec); and Flink with the keyed-model operator on RocksDB with checkpoints every second (keyed-model-operator). Prints records/s, peak heap and the ratios."
            },
            footer = {
                "",
                "Examples:",
                "  streamlearn bench state",
                "  streamlearn bench state --records 200000 --keys 10 --json state.json"
            })
    static final class State implements Callable<Integer> {
        @Option(
                names = "--records",
                defaultValue = "1000000",
                description = "records per run (default: ${DEFAULT-VALUE})")
        long records;

        @Option(
                names = "--naive-records",
                defaultValue = "200000",
                description =
                        "records of the naive run, which is about 100 times slower (default: ${DEFAULT-VALUE})")
        long naiveRecords;

        @Option(
                names = "--keys",
                defaultValue = "10,10000",
                split = ",",
                description = "key counts (default: ${DEFAULT-VALUE})")
        List<Integer> keys;

        @Option(
                names = "--parallelism",
                defaultValue = "1",
                description =
                        "Flink parallelism; 1 compares one learner thread with plain MOA's one"
                                + " thread, the source having the other core (default: ${DEFAULT-VALUE})")
        int parallelism;

        @Option(names = "--json", description = "also write {\"results\": [...]} to this file")
        Path json;

        @Option(
                names = "--out",
                defaultValue = "streamlearn-out/bench",
                description = "work folder (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            var results =
                    new StateBenchmark(
                                    new StateBenchmark.Config(
                                            records,
                                            naiveRecords,
                                            keys,
                                            parallelism,
                                            out.toAbsolutePath()),
                                    System.out)
                            .run();
            if (json != null) {
                StateBenchmark.writeJson(results, json);
                System.out.println("wrote " + json);
            }
            return 0;
        }
    }

    /** DriftMoE against MOA's learners on one stream. */
    @Command(
            name = "driftmoe",
            mixinStandardHelpOptions = true,
            description = {
                "Both DriftMoE variants (the paper's configuration), the improved configuration and MOA's learners with the paper's baseline settings, prequentially on the same stream in one process: accuracy, kappa, instances/s, peak heap and the speed ratio to MoE-Data, averaged over --seeds.",
                "DriftMoE learners: driftmoe-data, driftmoe-task, driftmoe-improved (not the paper's: standardised router inputs, a weighted vote of the top experts, ADWIN drift detection that resets an expert, experts that split sooner, router mini-batches of 32, experts trained with weight 6, 32 experts of which the top 16 train), or driftmoe-data+standardise, +vote, +reset, +eager, +batch32, +weight6, +wide for some of them (e.g. driftmoe-data+vote+reset); +dropout routes with the router's dropout on.",
                "driftmoe-data-as-published runs MoE-Data as an earlier version of the reference code did, which reproduces the paper's figures: dropout-on routing, and each instance scored by its expert after that expert learned it. That score is optimistic; compare methods with driftmoe-data."
            },
            footer = {
                "",
                "Streams: SEA_a, SEA_g, LED_a, LED_g, RBF_m, RBF_f (the paper's, seeded), elec, an .arff file,",
                "or a MOA stream CLI string.",
                "",
                "Examples:",
                "  streamlearn bench driftmoe --stream SEA_g --instances 1000000 --seeds 1,2,3",
                "  streamlearn bench driftmoe --stream elec --learners driftmoe-data,driftmoe-improved,moa-arf --png elec.png",
                "  streamlearn bench driftmoe --stream elec --learners driftmoe-data,driftmoe-data+reset,driftmoe-data+vote",
                "  streamlearn bench driftmoe --stream elec --seeds 1,2,3 --learners driftmoe-data,driftmoe-data-as-published",
                "  streamlearn bench driftmoe --stream \"generators.RandomRBFGenerator\" --instances 100000"
            })
    static final class DriftMoeBench implements Callable<Integer> {
        @Option(
                names = "--stream",
                defaultValue = "SEA_g",
                description = "stream (default: ${DEFAULT-VALUE})")
        String stream;

        @Option(names = "--arff", description = "an ARFF file instead of --stream")
        Path arff;

        @Option(
                names = "--instances",
                defaultValue = "1000000",
                description = "instances per run (default: ${DEFAULT-VALUE})")
        long instances;

        @Option(
                names = {"--seeds", "--seed"},
                defaultValue = "1",
                split = ",",
                description = "run seeds, averaged (default: ${DEFAULT-VALUE})")
        List<Long> seeds;

        @Option(
                names = "--learners",
                defaultValue =
                        "driftmoe-data,driftmoe-task,driftmoe-improved,moa-ht,moa-arf,moa-srp,moa-levbag,moa-ozabag",
                split = ",",
                description =
                        "learners to run (default: ${DEFAULT-VALUE}); the MOA ensembles have 100 members and are slow")
        List<String> learners;

        @Option(names = "--json", description = "also write {\"results\": [...]} to this file")
        Path json;

        @Option(
                names = "--png",
                description =
                        "also draw each learner's accuracy over a 1,000-instance window along the stream (mean over the seeds) into this PNG file")
        Path png;

        @Override
        public Integer call() throws Exception {
            var config =
                    new DriftMoeBenchmark.Config(
                            arff != null ? arff.toString() : stream, instances, seeds, learners);
            var bench = new DriftMoeBenchmark(config, System.out);
            var results = bench.run();
            if (json != null) {
                DriftMoeBenchmark.writeJson(results, config, json);
                System.out.println("wrote " + json);
            }
            if (png != null) {
                bench.writeChart(png);
                System.out.println("wrote " + png);
            }
            return 0;
        }
    }

    /** The job end to end against its core. */
    @Command(
            name = "job",
            mixinStandardHelpOptions = true,
            description = {
                "The prequential job end to end (embedded Kafka in, RocksDB state with 1 s checkpoints, exactly-once Kafka out) against its core alone, on the same stream with one stream key: instances/s of each and the ratio. Checks that every instance got one committed prediction."
            },
            footer = {
                "",
                "Examples:",
                "  streamlearn bench job --stream SEA_g --instances 200000",
                "  streamlearn bench job --stream elec --learner trees.HoeffdingTree"
            })
    static final class JobBench implements Callable<Integer> {
        @Option(
                names = "--stream",
                defaultValue = "SEA_g",
                description = "stream (default: ${DEFAULT-VALUE})")
        String stream;

        @Option(
                names = "--instances",
                defaultValue = "200000",
                description = "instances (default: ${DEFAULT-VALUE})")
        long instances;

        @Option(
                names = "--learner",
                defaultValue = "driftmoe-data",
                description = "classifier (default: ${DEFAULT-VALUE})")
        String learner;

        @Option(
                names = "--out",
                defaultValue = "streamlearn-out/bench",
                description = "work folder (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            new JobBenchmark(
                            new JobBenchmark.Config(
                                    stream, instances, learner, out.toAbsolutePath()),
                            System.out)
                    .run();
            return 0;
        }
    }

    /** The stream-x agents on an in-JVM environment, without Flink. */
    @Command(
            name = "rl",
            mixinStandardHelpOptions = true,
            description = {
                "The stream-x agents (Q(lambda), SARSA(lambda), AC(lambda) with ObGD) learning on an in-JVM Gymnasium environment, one seed after the other on one thread, without Flink: agent-steps/s (environment included), the step at which the first full-length episode ended and the mean return of the last 20 episodes, per seed; learning curves as CSV and PNG."
            },
            footer = {
                "",
                "Environments: CartPole-v1, Acrobot-v1 (q, sarsa, ac), Pendulum-v1 (ac, Gaussian).",
                "",
                "Examples:",
                "  streamlearn bench rl --env CartPole-v1 --algo q --steps 100000 --seeds 5",
                "  streamlearn bench rl --algo q,ac --json rl.json --png rl.png"
            })
    static final class RlBench implements Callable<Integer> {
        @Option(
                names = "--env",
                defaultValue = "CartPole-v1",
                description = "environment (default: ${DEFAULT-VALUE})")
        String env;

        @Option(
                names = "--algo",
                defaultValue = "q,ac",
                split = ",",
                description = "algorithms among q, sarsa, ac (default: ${DEFAULT-VALUE})")
        List<String> algos;

        @Option(
                names = "--steps",
                defaultValue = "100000",
                description = "agent-steps per run (default: ${DEFAULT-VALUE})")
        long steps;

        @Option(
                names = "--seeds",
                defaultValue = "5",
                description = "number of seeds per algorithm (default: ${DEFAULT-VALUE})")
        int seeds;

        @Option(
                names = "--first-seed",
                defaultValue = "0",
                description = "the first seed (default: ${DEFAULT-VALUE})")
        long firstSeed;

        @Option(
                names = "--hidden",
                defaultValue = "0",
                description =
                        "hidden units per layer; 0 for the reference's 32 (128 for Pendulum-v1)"
                                + " (default: ${DEFAULT-VALUE})")
        int hidden;

        @Option(
                names = "--exploration-steps",
                defaultValue = "0",
                description =
                        "action selections over which epsilon decays from 1 to 0.01 (q, sarsa); 0"
                                + " for the reference's 5% of the run's steps (its scripts decay"
                                + " over 25,000 of 500,000 steps, its 100,000-step CartPole"
                                + " figures over 5,000) (default: ${DEFAULT-VALUE})")
        long explorationSteps;

        @Option(names = "--json", description = "also write {\"results\": [...]} to this file")
        Path json;

        @Option(names = "--csv", description = "write the learning curves (one row per episode)")
        Path csv;

        @Option(names = "--png", description = "draw the learning curves into this PNG file")
        Path png;

        @Override
        public Integer call() throws Exception {
            var config =
                    new RlBenchmark.Config(
                            env,
                            algos,
                            steps,
                            seeds,
                            firstSeed,
                            hidden,
                            explorationSteps,
                            csv,
                            png);
            var results = new RlBenchmark(config, System.out).run();
            if (json != null) {
                RlBenchmark.writeJson(results, config, json);
                System.out.println("wrote " + json);
            }
            return 0;
        }
    }

    /** The Flink + Kafka RL loop with the embedded broker. */
    @Command(
            name = "rl-loop",
            mixinStandardHelpOptions = true,
            description = {
                "The interactive RL loop end to end, all in this JVM: in-process environments -> Kafka (embedded broker) -> the RL job (Flink MiniCluster, RocksDB, 1 s checkpoints) -> Kafka -> environments. For each agent count, fresh agents play for --seconds: agent-steps/s and the round trip of one step (observation sent to action received), median and p99."
            },
            footer = {
                "",
                "Examples:",
                "  streamlearn bench rl-loop --agents 32,64,128,256",
                "  streamlearn bench rl-loop --agents 32 --seconds 30 --buffer-timeout 0ms --json loop.json"
            })
    static final class RlLoop implements Callable<Integer> {
        @Option(
                names = "--env",
                defaultValue = "CartPole-v1",
                description = "environment (default: ${DEFAULT-VALUE})")
        String env;

        @Option(
                names = "--algo",
                defaultValue = "q",
                description = "q, sarsa or ac (default: ${DEFAULT-VALUE})")
        String algo;

        @Option(
                names = "--agents",
                defaultValue = "32,64,128,256",
                split = ",",
                description = "agent counts, one run each (default: ${DEFAULT-VALUE})")
        List<Integer> agents;

        @Option(
                names = "--seconds",
                defaultValue = "15",
                description = "how long each run plays (default: ${DEFAULT-VALUE})")
        int seconds;

        @Option(
                names = "--warm-up",
                defaultValue = "5s",
                description =
                        "an untimed first run of 8 agents; 0s for none (default: ${DEFAULT-VALUE})")
        Duration warmUp;

        @Option(
                names = "--parallelism",
                defaultValue = "2",
                description = "the job's parallelism (default: ${DEFAULT-VALUE})")
        int parallelism;

        @Option(
                names = "--partitions",
                defaultValue = "4",
                description =
                        "partitions of the observations and actions topics (default: ${DEFAULT-VALUE})")
        int partitions;

        @Option(
                names = "--buffer-timeout",
                defaultValue = "0ms",
                description = "the job's network buffer timeout (default: ${DEFAULT-VALUE})")
        Duration bufferTimeout;

        @Option(names = "--json", description = "also write {\"results\": [...]} to this file")
        Path json;

        @Option(
                names = "--out",
                defaultValue = "streamlearn-out/bench",
                description = "work folder (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (seconds < 1) {
                throw new IllegalArgumentException("--seconds must be at least 1, got " + seconds);
            }
            var config =
                    new RlLoopBenchmark.Config(
                            env,
                            AgentSpec.Algo.of(algo),
                            agents,
                            Duration.ofSeconds(seconds),
                            warmUp,
                            parallelism,
                            partitions,
                            bufferTimeout,
                            out.toAbsolutePath());
            var rows = new RlLoopBenchmark(config, System.out).run();
            if (json != null) {
                RlLoopBenchmark.writeJson(rows, config, json);
                System.out.println("wrote " + json);
            }
            return 0;
        }
    }

    /** The active-learning strategies against MOA's active learners on one stream. */
    @Command(
            name = "active",
            mixinStandardHelpOptions = true,
            description = {
                "Stream-based active learning under a label budget: each query strategy (random, fixed, variable, randvar, selsampling, split, entropy) under the chosen budget managers (cumulative: MOA's labels/instances < b; windowed: Zliobaite's estimate u_t/w < b; biqf: Balanced Incremental Quantile Filter), and MOA's own ALUncertainty (FixedUncertainty, VarUncertainty, RandVarUncertainty, SelSampling) and ALRandom, prequentially on the same stream, base learner and seed in one process. Every instance is predicted and scored; the learner learns only the labels it asked for. Prints accuracy, kappa, labels used, the spent ratio and its distance to the budget in points, instances/s and, under the cumulative manager (MOA's), the accuracy difference to MOA's run of the same strategy, averaged over --seeds.",
                "Run names: the strategy (under the cumulative manager), strategy/windowed, strategy/biqf, and moa-<strategy> for MOA's."
            },
            footer = {
                "",
                "Streams: SEA_a, SEA_g, LED_a, LED_g, RBF_m, RBF_f (the paper's, seeded), elec, an .arff file,",
                "or a MOA stream CLI string. Learners: a MOA classifier in MOA's CLI form, or a DriftMoE name",
                "(then without MOA's runs).",
                "",
                "Examples:",
                "  streamlearn bench active --stream elec --budget 0.1 --strategy all --json active.json",
                "  streamlearn bench active --stream elec --budgets 0.01,0.05,0.1,0.2,0.5,1 --png elec-budgets.png",
                "  streamlearn bench active --stream SEA_g --instances 100000 --budget-manager all",
                "  streamlearn bench active --stream elec --learner trees.HoeffdingTree --strategy variable,split"
            })
    static final class ActiveBench implements Callable<Integer> {
        @Option(
                names = "--stream",
                defaultValue = "elec",
                description = "stream (default: ${DEFAULT-VALUE})")
        String stream;

        @Option(names = "--arff", description = "an ARFF file instead of --stream")
        Path arff;

        @Option(
                names = "--instances",
                defaultValue = "1000000",
                description = "instances per run (at most; default: ${DEFAULT-VALUE})")
        long instances;

        @Option(
                names = {"--seeds", "--seed"},
                defaultValue = "1",
                split = ",",
                description = "run seeds, averaged (default: ${DEFAULT-VALUE})")
        List<Long> seeds;

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
                    new picocli.CommandLine(new BenchCommand()),
                    "--delay '" + spec + "' is not N or MIN-MAX instances, e.g. 100-300");
        }

        @Option(
                names = "--budgets",
                split = ",",
                description =
                        "several budgets instead of --budget; draws accuracy against budget"
                                + " (to --png, default streamlearn-out/bench/active-budgets.png)")
        List<Double> budgets;

        @Option(
                names = "--window",
                defaultValue = "100",
                description =
                        "window of the windowed estimate and of the quantile filter"
                                + " (default: ${DEFAULT-VALUE})")
        int window;

        @Option(names = "--no-moa", description = "skip MOA's active learners")
        boolean noMoa;

        @Option(names = "--json", description = "also write {\"results\": [...]} to this file")
        Path json;

        @Option(names = "--png", description = "draw accuracy against budget into this PNG file")
        Path png;

        @Override
        public Integer call() throws Exception {
            List<Double> runBudgets =
                    budgets == null || budgets.isEmpty() ? List.of(budget) : budgets;
            int[] delayRange = labelDelay(delay);
            var config =
                    new ActiveBenchmark.Config(
                            arff != null ? arff.toString() : stream,
                            instances,
                            seeds,
                            learner,
                            strategyKinds(strategies),
                            managerKinds(managers),
                            runBudgets,
                            window,
                            !noMoa,
                            delayRange[0],
                            delayRange[1]);
            var bench = new ActiveBenchmark(config, System.out);
            var results = bench.run();
            if (json != null) {
                ActiveBenchmark.writeJson(results, config, json);
                System.out.println("wrote " + json);
            }
            Path chart =
                    png != null
                            ? png
                            : runBudgets.size() > 1
                                    ? Path.of("streamlearn-out/bench/active-budgets.png")
                                    : null;
            if (chart != null) {
                bench.writeChart(results, chart);
                System.out.println("wrote " + chart);
            }
            return 0;
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
}
