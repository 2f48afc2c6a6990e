package dev.streamlearn.jobs.cli;

import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.jobs.ActiveJob;
import dev.streamlearn.jobs.PrequentialJob;
import dev.streamlearn.jobs.RlJob;
import dev.streamlearn.jobs.RlTopics;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.operators.active.ActiveLearningConfig;
import dev.streamlearn.operators.active.ActiveOperatorConfig;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.active.StrategyConfig;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.rl.AgentSpec;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn run <job>}: runs a job against any Kafka, locally or on a Flink cluster. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run a Streamlearn job against an external Kafka.",
            "",
            "Started with java (or ./streamlearn) the job runs in a local Flink MiniCluster with the web UI on --web-port; submitted with 'flink run' it runs on that cluster.",
            ""
        },
        footer = {
            "",
            "On a Flink cluster:",
            "  flink run -c dev.streamlearn.jobs.cli.Streamlearn jobs/target/streamlearn-jobs.jar \\",
            "      run prequential --bootstrap-servers kafka:9092 --schema generators.SEAGenerator"
        },
        subcommands = {
            RunCommand.Prequential.class,
            RunCommand.DriftMoeRun.class,
            RunCommand.Rl.class,
            RunCommand.Active.class
        })
final class RunCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * The prequential job: validate, predict then learn with a classifier per stream key (any MOA
     * classifier, or DriftMoE).
     */
    @Command(
            name = "prequential",
            mixinStandardHelpOptions = true,
            description = {
                "Validate instances (bad ones to the dead-letter topic), predict then learn with a classifier per stream key (a MOA classifier, or DriftMoE with --learner driftmoe-data|driftmoe-task|driftmoe-improved), write predictions and metrics exactly once.",
                "",
                "Labels come on the instances (\"y\"), or later on --labels-topic as {\"stream\":\"s1\",\"id\":\"42\",\"y\":\"UP\"}: the prediction made when instance 42 arrived is then scored and the instance learned. Labels that never find their instance go to the dead-letter topic.",
                ""
            },
            footer = {
                "",
                "Examples:",
                "  streamlearn run prequential --bootstrap-servers localhost:9092 \\",
                "      --schema elec --learner \"bayes.NaiveBayes\"",
                "  streamlearn run prequential --bootstrap-servers localhost:9092 \\",
                "      --schema \"generators.SEAGenerator\" --checkpoint-interval 2s",
                "  streamlearn run prequential --bootstrap-servers localhost:9092 \\",
                "      --schema \"generators.SEAGenerator\" --labels-topic labels"
            })
    static class Prequential implements Callable<Integer> {

        @Option(
                names = "--bootstrap-servers",
                required = true,
                description = "Kafka bootstrap servers")
        String bootstrapServers;

        @Option(
                names = "--schema",
                required = true,
                converter = SchemaSpec.class,
                description =
                        "schema of every stream key: a .json schema, an .arff file (header),"
                                + " elec (the Electricity data set that ships with Streamlearn)"
                                + " or a MOA stream CLI string whose header is used")
        StreamSchema schema;

        @Option(
                names = "--learner",
                description =
                        "driftmoe-data, driftmoe-task (DriftMoE, the paper's configuration),"
                                + " driftmoe-improved (opt-in changes beyond the paper) or a"
                                + " MOA classifier CLI string (default: trees.HoeffdingTree; for"
                                + " run driftmoe: driftmoe-data)")
        String learner;

        /** The learner when --learner is not given. */
        String defaultLearner() {
            return "trees.HoeffdingTree";
        }

        @Option(
                names = "--instances-topic",
                defaultValue = "instances",
                description = "topic the instances are read from (default: ${DEFAULT-VALUE})")
        String instancesTopic;

        @Option(
                names = "--predictions-topic",
                defaultValue = "predictions",
                description = "topic the predictions are written to (default: ${DEFAULT-VALUE})")
        String predictionsTopic;

        @Option(
                names = "--metrics-topic",
                defaultValue = "metrics",
                description =
                        "topic of the periodic prequential figures (default: ${DEFAULT-VALUE})")
        String metricsTopic;

        @Option(
                names = "--dead-letters-topic",
                defaultValue = "dead-letters",
                description =
                        "topic of the records that could not be read, with the reason (default: ${DEFAULT-VALUE})")
        String deadLettersTopic;

        @Option(
                names = "--labels-topic",
                description =
                        "also read labels that come after their instances from this topic (default: none; labels come on the instances)")
        String labelsTopic;

        @Option(
                names = "--max-pending",
                defaultValue = "" + PrequentialConfig.DEFAULT_MAX_PENDING,
                description =
                        "per stream, how many unlabelled instances wait for a label from --labels-topic (the oldest is given up beyond), and how many labels wait for their instance (default: ${DEFAULT-VALUE})")
        int maxPending;

        @Option(
                names = "--metrics-every",
                defaultValue = "1000",
                description =
                        "labelled instances between metrics records, per stream (default: ${DEFAULT-VALUE})")
        int metricsEvery;

        @Option(
                names = "--start-from",
                defaultValue = "COMMITTED",
                description =
                        "without a checkpoint, read from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        KafkaSources.StartFrom startFrom;

        @Option(
                names = "--max-record-bytes",
                defaultValue = "1048576",
                description =
                        "larger records go to the dead-letter topic (default: ${DEFAULT-VALUE})")
        int maxRecordBytes;

        @Option(
                names = "--max-cached-models",
                defaultValue = "10000",
                description =
                        "per-stream models kept on the heap per subtask; the others wait in"
                                + " RocksDB (default: ${DEFAULT-VALUE})")
        int maxCachedModels;

        @Option(
                names = "--idle-timeout",
                description =
                        "drop the model of a stream unused this long, e.g. 7d or 12h (default:"
                                + " keep forever)")
        Duration idleTimeout;

        @Option(
                names = "--transaction-timeout",
                defaultValue = "10m",
                description =
                        "Kafka transaction timeout of the exactly-once sinks; after a failure the"
                                + " job must be back within it or that checkpoint's output is lost"
                                + " (default: ${DEFAULT-VALUE})")
        Duration transactionTimeout;

        @Option(
                names = "--broker-max-transaction-timeout",
                defaultValue = "15m",
                description =
                        "the brokers' transaction.max.timeout.ms; raise it on the brokers first to"
                                + " allow a longer --transaction-timeout (default: ${DEFAULT-VALUE})")
        Duration brokerMaxTransactionTimeout;

        @Option(
                names = "--job-name",
                defaultValue = "streamlearn-prequential",
                description =
                        "job name; also the consumer group and the transactional id prefix,"
                                + " so it must be unique per running job (default: ${DEFAULT-VALUE})")
        String jobName;

        @Option(
                names = "--out",
                defaultValue = "streamlearn-out",
                description =
                        "local folder for checkpoints and temporary files (default: ${DEFAULT-VALUE})")
        Path out;

        @Mixin RuntimeMixin runtime;

        @Override
        public Integer call() throws Exception {
            PrequentialJob.Options options =
                    PrequentialJob.Options.builder(bootstrapServers, SchemaCatalog.forAll(schema))
                            .topics(
                                    new Topics(
                                            instancesTopic,
                                            predictionsTopic,
                                            metricsTopic,
                                            deadLettersTopic,
                                            labelsTopic))
                            .learner(
                                    PrequentialConfig.defaults()
                                            .withLearner(
                                                    learner != null ? learner : defaultLearner())
                                            .withMetricsEvery(metricsEvery)
                                            .withMaxPending(maxPending))
                            .ids(jobName, jobName)
                            .maxRecordBytes(maxRecordBytes)
                            .startFrom(startFrom)
                            .models(
                                    KeyedModelOptions.defaults()
                                            .withMaxCachedModels(maxCachedModels)
                                            .withIdleTimeout(idleTimeout))
                            .transactionTimeout(transactionTimeout, brokerMaxTransactionTimeout)
                            .build();
            StreamExecutionEnvironment env = runtime.environment(out);
            PrequentialJob.wire(env, options);
            System.err.printf(
                    "running %s: %s -> %s, %s, %s (web UI on http://localhost:%d when local)%n",
                    jobName,
                    labelsTopic == null ? instancesTopic : instancesTopic + " + " + labelsTopic,
                    predictionsTopic,
                    metricsTopic,
                    deadLettersTopic,
                    runtime.webPort);
            env.execute(jobName);
            return 0;
        }
    }

    /** The same job with DriftMoE (MoE-Data unless --learner says otherwise). */
    @Command(
            name = "driftmoe",
            mixinStandardHelpOptions = true,
            description = {
                "DriftMoE per stream key (Aspis et al., 2025; MoE-Data by default, --learner driftmoe-task for MoE-Task): validate instances, predict then learn, write predictions and metrics exactly once. Gauges in the web UI: accuracy, kappa, kappa-M, kappa-temporal, router loss, routing share per expert.",
                ""
            },
            footer = {
                "",
                "Example:",
                "  streamlearn run driftmoe --bootstrap-servers localhost:9092 \\",
                "      --schema elec --job-name driftmoe-elec"
            })
    static final class DriftMoeRun extends Prequential {
        @Override
        String defaultLearner() {
            return "driftmoe-data";
        }
    }

    /** The streaming RL job: one stream-x agent per agent key, acting and learning per step. */
    @Command(
            name = "rl",
            mixinStandardHelpOptions = true,
            description = {
                "Streaming reinforcement learning (stream-x: Elsayed, Vasan and Mahmood, 2024): one agent per agent key, which learns from each transition once, with no replay buffer, and answers every observation with its next action.",
                "",
                "Environments send observations to --observations-topic:",
                "  {\"agent\":\"a1\",\"episode\":3,\"step\":17,\"obs\":[...],\"reward\":1.0,\"terminated\":false,\"truncated\":false}",
                "step 0 is the reset observation of an episode; step k is the outcome of the action for step k-1. The job answers on --actions-topic with",
                "  {\"agent\":\"a1\",\"episode\":3,\"step\":17,\"action\":1}   (or \"action\":[0.4] for continuous actions)",
                "and no action for an observation that ends its episode. Actions go out at least once and at once (the environment waits): an environment must drop an action for a step it has already taken. A duplicate, out-of-order or unknown-episode observation goes to --dead-letters-topic with the reason; an episode with no step for --episode-timeout is abandoned.",
                "",
                "Gauges in the web UI (operator rl-agents): episodes, meanReturn (last 20 episodes), lastReturn, tdError, stepSize (effective ObGD step size), agentSteps, counters episodesEnded, episodesTimedOut, rejectedSteps.",
                ""
            },
            footer = {
                "",
                "Examples:",
                "  streamlearn run rl --bootstrap-servers localhost:9092 --env CartPole-v1 --algo q",
                "  streamlearn env CartPole-v1 --agents 8 --bootstrap-servers localhost:9092 --png curve.png",
                "  streamlearn run rl --bootstrap-servers localhost:9092 --env Pendulum-v1 --algo ac"
            })
    static final class Rl implements Callable<Integer> {
        @Option(
                names = "--bootstrap-servers",
                required = true,
                description = "Kafka bootstrap servers")
        String bootstrapServers;

        @Option(
                names = "--env",
                defaultValue = "CartPole-v1",
                description =
                        "the environment the agents face, for the sizes of observations and actions"
                                + " and the time limit: CartPole-v1, Acrobot-v1 (discrete),"
                                + " Pendulum-v1 (continuous) (default: ${DEFAULT-VALUE})")
        String envId;

        @Option(
                names = "--algo",
                defaultValue = "q",
                description =
                        "q (Q(lambda)), sarsa (SARSA(lambda)) or ac (AC(lambda); Gaussian for"
                                + " continuous actions) (default: ${DEFAULT-VALUE})")
        String algo;

        @Option(
                names = "--seed",
                defaultValue = "0",
                description =
                        "base seed; each agent's seed mixes it with the agent's name (default:"
                                + " ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--hidden",
                defaultValue = "0",
                description =
                        "hidden units per layer; 0 for the reference's 32 (128 for continuous"
                                + " actions) (default: ${DEFAULT-VALUE})")
        int hidden;

        @Option(
                names = "--observations-topic",
                defaultValue = "observations",
                description = "topic the observations are read from (default: ${DEFAULT-VALUE})")
        String observationsTopic;

        @Option(
                names = "--actions-topic",
                defaultValue = "actions",
                description = "topic the actions are written to (default: ${DEFAULT-VALUE})")
        String actionsTopic;

        @Option(
                names = "--dead-letters-topic",
                defaultValue = "rl-dead-letters",
                description =
                        "topic of the observations that could not be read or taken, with the reason"
                                + " (default: ${DEFAULT-VALUE})")
        String deadLettersTopic;

        @Option(
                names = "--episode-timeout",
                defaultValue = "2m",
                description =
                        "abandon an episode with no step for this long: its traces are cleared and"
                                + " a later step of it is a dead letter (default: ${DEFAULT-VALUE})")
        Duration episodeTimeout;

        @Option(
                names = "--buffer-timeout",
                defaultValue = "0ms",
                description =
                        "how long Flink may hold records to fill a network buffer; part of every"
                                + " step's round trip, 0 sends each record at once (default:"
                                + " ${DEFAULT-VALUE})")
        Duration bufferTimeout;

        @Option(
                names = "--start-from",
                defaultValue = "COMMITTED",
                description =
                        "without a checkpoint, read from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        KafkaSources.StartFrom startFrom;

        @Option(
                names = "--max-cached-models",
                defaultValue = "10000",
                description =
                        "agents kept on the heap per subtask; the others wait in RocksDB (default:"
                                + " ${DEFAULT-VALUE})")
        int maxCachedModels;

        @Option(
                names = "--idle-timeout",
                description = "forget an agent unused this long, e.g. 7d (default: keep forever)")
        Duration idleTimeout;

        @Option(
                names = "--job-name",
                defaultValue = "streamlearn-rl",
                description =
                        "job name; also the consumer group and the transactional id prefix of the"
                                + " dead-letter sink (default: ${DEFAULT-VALUE})")
        String jobName;

        @Option(
                names = "--out",
                defaultValue = "streamlearn-out",
                description =
                        "local folder for checkpoints and temporary files (default: ${DEFAULT-VALUE})")
        Path out;

        @Mixin RuntimeMixin runtime;

        @Override
        public Integer call() throws Exception {
            RuntimeMixin.positive(episodeTimeout, "--episode-timeout");
            AgentSpec spec = AgentSpec.forEnvironment(envId, AgentSpec.Algo.of(algo), seed);
            if (hidden > 0) {
                spec = spec.withConfig(spec.config().withHidden(hidden));
            }
            RlJob.Options options =
                    RlJob.Options.builder(bootstrapServers, spec)
                            .topics(new RlTopics(observationsTopic, actionsTopic, deadLettersTopic))
                            .environment(envId)
                            .ids(jobName, jobName)
                            .startFrom(startFrom)
                            .episodeTimeout(episodeTimeout)
                            .bufferTimeout(bufferTimeout)
                            .models(
                                    KeyedModelOptions.defaults()
                                            .withMaxCachedModels(maxCachedModels)
                                            .withIdleTimeout(idleTimeout))
                            .build();
            StreamExecutionEnvironment env = runtime.environment(out);
            RlJob.wire(env, options);
            System.err.printf(
                    "running %s: %s agents on %s; %s -> %s, %s (web UI on http://localhost:%d when"
                            + " local)%n",
                    jobName,
                    spec,
                    envId,
                    observationsTopic,
                    actionsTopic,
                    deadLettersTopic,
                    runtime.webPort);
            env.execute(jobName);
            return 0;
        }
    }

    /** The active-learning job: budgeted label requests, labels that come back late. */
    @Command(
            name = "active",
            mixinStandardHelpOptions = true,
            description = {
                "Predict every instance with an active learner per stream key, which asks for the labels worth their cost within --budget: the requests go to --label-requests-topic as {\"stream\":\"s1\",\"id\":\"42\",\"ts\":..,\"deadline\":..,\"proba\":{..},..}; the answers come back on --labels-topic (default: labels) as {\"stream\":\"s1\",\"id\":\"42\",\"y\":\"UP\"} and are learned if they come before the deadline (--label-deadline after the instance's ts, in event time). Late, duplicate and unknown answers go to the dead-letter topic with the reason. The budget is charged when a label is requested.",
                "",
                "An instance may carry its ground truth (\"y\"): it is then only used to score the prediction, never learned unasked (simulations; see 'streamlearn labeller').",
                ""
            },
            footer = {
                "",
                "Example:",
                "  streamlearn run active --bootstrap-servers localhost:9092 \\",
                "      --schema elec --strategy variable --budget 0.1 &",
                "  streamlearn labeller --bootstrap-servers localhost:9092 --delay 500ms-3s"
            })
    static final class Active extends Prequential {

        @Option(
                names = "--label-requests-topic",
                defaultValue = "label-requests",
                description = "topic the label requests go to (default: ${DEFAULT-VALUE})")
        String labelRequestsTopic;

        @Option(
                names = "--strategy",
                defaultValue = "variable",
                description =
                        "query strategy: random, fixed, variable, randvar, selsampling, split,"
                                + " entropy (default: ${DEFAULT-VALUE})")
        String strategy;

        @Option(
                names = "--budget-manager",
                defaultValue = "cumulative",
                description = "cumulative, windowed or biqf (default: ${DEFAULT-VALUE})")
        String budgetManager;

        @Option(
                names = "--budget",
                defaultValue = "0.1",
                description = "labels per instance (default: ${DEFAULT-VALUE})")
        double budget;

        @Option(
                names = "--seed",
                defaultValue = "1",
                description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--label-deadline",
                defaultValue = "60s",
                description =
                        "event time a request waits for its answer after the instance's ts"
                                + " (default: ${DEFAULT-VALUE})")
        Duration labelDeadline;

        @Option(
                names = "--out-of-orderness",
                defaultValue = "1s",
                description =
                        "the watermark stays this far behind the largest instance ts"
                                + " (default: ${DEFAULT-VALUE})")
        Duration outOfOrderness;

        @Override
        public Integer call() throws Exception {
            String name =
                    "streamlearn-prequential".equals(jobName) ? "streamlearn-active" : jobName;
            ActiveJob.Options options =
                    ActiveJob.Options.builder(bootstrapServers, SchemaCatalog.forAll(schema))
                            .topics(
                                    new Topics(
                                            instancesTopic,
                                            predictionsTopic,
                                            metricsTopic,
                                            deadLettersTopic,
                                            labelsTopic != null ? labelsTopic : "labels"),
                                    labelRequestsTopic)
                            .learner(
                                    ActiveOperatorConfig.defaults()
                                            .withLearner(
                                                    learner != null ? learner : defaultLearner())
                                            .withActive(
                                                    new ActiveLearningConfig(
                                                            StrategyConfig.of(
                                                                    StrategyConfig.Kind.fromName(
                                                                            strategy)),
                                                            BudgetConfig.of(
                                                                    BudgetConfig.Kind.fromName(
                                                                            budgetManager),
                                                                    budget),
                                                            seed))
                                            .withDeadline(labelDeadline)
                                            .withMaxAwaiting(maxPending)
                                            .withMetricsEvery(metricsEvery))
                            .ids(name, name)
                            .maxRecordBytes(maxRecordBytes)
                            .startFrom(startFrom)
                            .watermarks(outOfOrderness, Duration.ofSeconds(5))
                            .models(
                                    KeyedModelOptions.defaults()
                                            .withMaxCachedModels(maxCachedModels)
                                            .withIdleTimeout(idleTimeout))
                            .transactionTimeout(transactionTimeout, brokerMaxTransactionTimeout)
                            .build();
            StreamExecutionEnvironment env = runtime.environment(out);
            ActiveJob.wire(env, options);
            System.err.printf(
                    "running %s: %s + %s -> %s, %s, %s, %s (web UI on http://localhost:%d when"
                            + " local)%n",
                    name,
                    instancesTopic,
                    options.topics().labels(),
                    predictionsTopic,
                    labelRequestsTopic,
                    metricsTopic,
                    deadLettersTopic,
                    runtime.webPort);
            env.execute(name);
            return 0;
        }
    }
}
