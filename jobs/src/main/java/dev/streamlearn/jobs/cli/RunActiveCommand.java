package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.ActiveJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.operators.active.ActiveLearningConfig;
import dev.streamlearn.operators.active.ActiveOperatorConfig;
import dev.streamlearn.operators.active.BudgetConfig;
import dev.streamlearn.operators.active.StrategyConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamlearn run active}: the active-learning job, budgeted label requests and labels that
 * come back late.
 */
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
final class RunActiveCommand implements Callable<Integer> {

    @Mixin JobMixin job;

    @Mixin ClassificationMixin classification;

    @Mixin BiasGuardMixin guard;

    @Option(
            names = "--learner",
            defaultValue = "trees.HoeffdingTree",
            description =
                    "the classifier that learns the answers: a MOA classifier CLI string or a"
                            + " DriftMoE name (default: ${DEFAULT-VALUE})")
    String learner;

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

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
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
        String name = job.name("streamlearn-active");
        Topics topics = classification.topics("labels");
        ActiveJob.Options options =
                job.applyTo(
                                ActiveJob.Options.builder(
                                        job.bootstrapServers(), classification.schemas()),
                                name)
                        .topics(topics, labelRequestsTopic)
                        .learner(learner())
                        .watermarks(outOfOrderness, Duration.ofSeconds(5))
                        .build();
        StreamExecutionEnvironment env =
                job.environment(
                        name,
                        "--learner",
                        "--schema",
                        "--strategy",
                        "--budget-manager",
                        "--budget");
        ActiveJob.wire(env, options);
        return job.execute(
                env,
                name,
                String.format(
                        "%s + %s -> %s, %s, %s, %s",
                        topics.instances(),
                        topics.labels(),
                        topics.predictions(),
                        labelRequestsTopic,
                        topics.metrics(),
                        topics.deadLetters()));
    }

    private ActiveOperatorConfig learner() {
        ActiveLearningConfig active =
                new ActiveLearningConfig(
                        StrategyConfig.of(StrategyConfig.Kind.fromName(strategy)),
                        BudgetConfig.of(BudgetConfig.Kind.fromName(budgetManager), budget),
                        seed,
                        guard.config(),
                        guard.latencyAware);
        return ActiveOperatorConfig.defaults()
                .withLearner(learner)
                .withActive(active)
                .withDeadline(labelDeadline)
                .withMaxAwaiting(classification.maxPending)
                .withMetricsEvery(classification.metricsEvery);
    }
}
