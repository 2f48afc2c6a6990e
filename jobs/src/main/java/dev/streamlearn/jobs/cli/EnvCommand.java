package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.RlTopics;
import dev.streamlearn.jobs.rl.EnvironmentRunner;
import dev.streamlearn.jobs.rl.LearningCurves;
import dev.streamlearn.operators.rl.env.Environments;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streamlearn env <name> --agents N}: environments that play against the RL job. */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        description = {
            "Play N agents of a Gymnasium environment (run in this process) against the RL job ('streamlearn run rl') through any Kafka: each agent sends its observation, waits for the job's action, steps its own seeded environment and sends the outcome. Prints the episode returns live and, at the end, writes the learning curve as CSV and PNG.",
            "",
            "Actions come at least once: an action for a step already taken (a replay after the job restored) is dropped. An agent that gets no action within --action-timeout starts a new episode.",
            "",
            "Agents keep learning in the job between runs of this command when they keep their names: continue with --agent-prefix NAME and a --first-episode above the last episode of the previous run. By default every run names its agents afresh.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn run rl --bootstrap-servers localhost:9092 --env CartPole-v1 --algo q &",
            "  streamlearn env CartPole-v1 --agents 8 --bootstrap-servers localhost:9092 \\",
            "      --steps 50000 --csv cartpole.csv --png cartpole.png"
        })
final class EnvCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            description = "the environment: CartPole-v1, Acrobot-v1 or Pendulum-v1")
    String env;

    @Option(
            names = "--agents",
            defaultValue = "4",
            description =
                    "number of agents, each with its own environment (default: ${DEFAULT-VALUE})")
    int agents;

    @Mixin KafkaMixin kafka;

    @Option(
            names = "--steps",
            defaultValue = "0",
            description =
                    "each agent stops after this many steps; 0 for no limit (default: ${DEFAULT-VALUE})")
    long steps;

    @Option(
            names = "--episodes",
            defaultValue = "0",
            description =
                    "each agent stops after this many episodes; 0 for no limit (default: ${DEFAULT-VALUE}); with neither limit, play until Ctrl-C")
    long episodes;

    @Option(names = "--csv", description = "write the learning curve (one row per episode) here")
    Path csv;

    @Option(names = "--png", description = "draw the learning curve into this PNG file")
    Path png;

    @Option(
            names = "--agent-prefix",
            description =
                    "agent i is named PREFIX + i (default: <env>-<run id>-, new agents each run)")
    String agentPrefix;

    @Option(
            names = "--first-episode",
            defaultValue = "0",
            description = "number of each agent's first episode (default: ${DEFAULT-VALUE})")
    long firstEpisode;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "environment i is seeded with SEED + i (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--action-timeout",
            defaultValue = "60s",
            description =
                    "an agent that waits this long for an action starts a new episode; longer than"
                            + " the job needs to recover from a failure (default: ${DEFAULT-VALUE})")
    Duration actionTimeout;

    @Option(
            names = "--observations-topic",
            defaultValue = "observations",
            description = "topic the observations go to (default: ${DEFAULT-VALUE})")
    String observationsTopic;

    @Option(
            names = "--actions-topic",
            defaultValue = "actions",
            description = "topic the actions come from (default: ${DEFAULT-VALUE})")
    String actionsTopic;

    @Override
    public Integer call() throws Exception {
        kafka.check();
        RuntimeMixin.positive(actionTimeout, "--action-timeout");
        String prefix =
                agentPrefix != null
                        ? agentPrefix
                        : env.toLowerCase(Locale.ROOT)
                                + "-"
                                + Long.toString(System.currentTimeMillis() / 1000 % 46_656L, 36)
                                + "-";
        EnvironmentRunner.Config config =
                EnvironmentRunner.Config.of(env, agents)
                        .withAgentPrefix(prefix)
                        .withFirstEpisode(firstEpisode)
                        .withSeed(seed)
                        .withLimits(steps, episodes)
                        .withActionTimeout(actionTimeout);
        RlTopics topics = new RlTopics(observationsTopic, actionsTopic, "rl-dead-letters");
        System.out.printf(
                "playing %d %s agents (%s0 .. %s%d) through %s: %s -> job -> %s; %s%n",
                agents,
                env,
                prefix,
                prefix,
                agents - 1,
                kafka.bootstrapServers,
                observationsTopic,
                actionsTopic,
                steps == 0 && episodes == 0 ? "until Ctrl-C" : limits());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            stop.set(true);
                            try {
                                finished.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "env-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            EnvironmentRunner.Result r =
                    new EnvironmentRunner(config, kafka.bootstrapServers, kafka.client(), topics)
                            .run(stop::get, System.out);
            report(r, prefix);
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook waits for us
            }
        }
    }

    /** Prints the run's figures and writes the learning curve where asked. */
    private void report(EnvironmentRunner.Result r, String prefix) throws IOException {
        System.out.printf(
                Locale.ROOT,
                "done: %,d steps in %.1f s (%,.0f agent-steps/s), %,d episodes, mean return of"
                        + " the last 20 %.1f, round trip median %.2f ms, p99 %.2f ms, %,d"
                        + " repeated actions dropped, %d episodes abandoned for lack of an"
                        + " action%n",
                r.steps(),
                r.seconds(),
                r.stepsPerSecond(),
                r.episodes().size(),
                r.meanReturnOfLast(20),
                r.roundTripMillis(0.5),
                r.roundTripMillis(0.99),
                r.duplicates(),
                r.timeouts());
        if (csv != null) {
            LearningCurves.writeCsv(r, prefix, csv);
            System.out.println("wrote " + csv);
        }
        if (png != null) {
            double threshold =
                    Environments.isContinuous(env)
                            ? Environments.continuous(env, 0).rewardThreshold()
                            : Environments.discrete(env, 0).rewardThreshold();
            LearningCurves.writePng(
                    r, agents, env + ", " + agents + " agents via Kafka", threshold, png);
            System.out.println("wrote " + png);
        }
    }

    private String limits() {
        StringBuilder sb = new StringBuilder("each agent stops after ");
        if (steps > 0) {
            sb.append(String.format("%,d steps", steps));
        }
        if (episodes > 0) {
            sb.append(steps > 0 ? " or " : "").append(String.format("%,d episodes", episodes));
        }
        return sb.toString();
    }
}
