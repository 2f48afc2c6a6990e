package dev.streamlearn.jobs.demo;

import dev.streamlearn.jobs.rl.EnvironmentRunner;
import dev.streamlearn.jobs.rl.LearningCurves;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** The demo's CartPole agents: an {@link EnvironmentRunner} on a thread of its own. */
final class CartPoleAgents {
    private static final String PREFIX = "cartpole-";

    private final EnvironmentRunner runner;
    private final int agents;
    private final BackgroundTask task;
    private final AtomicReference<EnvironmentRunner.Result> result = new AtomicReference<>();

    private CartPoleAgents(EnvironmentRunner runner, int agents, BooleanSupplier stop) {
        this.runner = runner;
        this.agents = agents;
        this.task = new BackgroundTask("demo-cartpole", () -> result.set(runner.run(stop, null)));
    }

    /** Starts the agents; their episodes are numbered from {@code firstEpisode}. */
    static CartPoleAgents start(
            DemoKafka kafka, int agents, long firstEpisode, BooleanSupplier stop) {
        CartPoleAgents a =
                new CartPoleAgents(
                        new EnvironmentRunner(
                                EnvironmentRunner.Config.of("CartPole-v1", agents)
                                        .withAgentPrefix(PREFIX)
                                        .withLimits(0, 0)
                                        .withFirstEpisode(firstEpisode)
                                        .withActionTimeout(Duration.ofSeconds(60)),
                                kafka.bootstrapServers(),
                                kafka.client(),
                                Demo.RL_TOPICS),
                        agents,
                        stop);
        a.task.start();
        return a;
    }

    EnvironmentRunner.Live live() {
        return runner.live();
    }

    Throwable failure() {
        return task.failure();
    }

    /** Waits for the agents to stop and writes the learning curve into {@code out}. */
    void finish(Path out, PrintStream console) throws IOException, InterruptedException {
        task.join(Duration.ofSeconds(10));
        EnvironmentRunner.Result r = result.get();
        if (r == null) {
            return;
        }
        Path dir = Files.createDirectories(out);
        LearningCurves.writeCsv(r, PREFIX, dir.resolve("demo-cartpole.csv"));
        LearningCurves.writePng(
                r,
                agents,
                "CartPole-v1, " + agents + " AC(lambda) agents via Kafka and Flink",
                475,
                dir.resolve("demo-cartpole.png"));
        console.printf(
                Locale.ROOT,
                "CartPole: %,d steps (%,.0f agent-steps/s), %,d episodes, mean return of the last"
                        + " 20 %.1f, round trip median %.1f ms; curve: %s%n",
                r.steps(),
                r.stepsPerSecond(),
                r.episodes().size(),
                r.meanReturnOfLast(20),
                r.roundTripMillis(0.5),
                dir.resolve("demo-cartpole.png"));
    }
}
