package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.RlBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench rl}: the stream-x agents on an in-JVM environment, without Flink. */
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
final class BenchRlCommand implements Callable<Integer> {
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

    @Mixin BenchJsonMixin json;

    @Option(names = "--csv", description = "write the learning curves (one row per episode)")
    Path csv;

    @Option(names = "--png", description = "draw the learning curves into this PNG file")
    Path png;

    @Override
    public Integer call() throws Exception {
        var config =
                new RlBenchmark.Config(
                        env, algos, steps, seeds, firstSeed, hidden, explorationSteps, csv, png);
        var results = new RlBenchmark(config, System.out).run();
        json.write(file -> RlBenchmark.writeJson(results, config, file));
        return 0;
    }
}
