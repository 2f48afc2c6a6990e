package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.RlLoopBenchmark;
import dev.streamlearn.operators.rl.AgentSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench rl-loop}: the Flink + Kafka RL loop with the embedded broker. */
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
final class BenchRlLoopCommand implements Callable<Integer> {
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

    @Mixin BenchJsonMixin json;

    @Mixin BenchWorkDirMixin work;

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
                        work.folder());
        var rows = new RlLoopBenchmark(config, System.out).run();
        json.write(file -> RlLoopBenchmark.writeJson(rows, config, file));
        return 0;
    }
}
