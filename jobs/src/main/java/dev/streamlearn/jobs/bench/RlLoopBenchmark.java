package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.jobs.RlJob;
import dev.streamlearn.jobs.RlTopics;
import dev.streamlearn.jobs.rl.EnvironmentRunner;
import dev.streamlearn.operators.rl.AgentSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code streamlearn bench rl-loop}: the whole interactive loop, environments -> Kafka -> RL job
 * (RocksDB, 1 s checkpoints) -> Kafka -> environments, with the broker and the Flink MiniCluster in
 * this JVM. One job serves every run; each run plays a number of fresh agents for a fixed time and
 * reports agent-steps per second and the round trip of one step (observation sent to action
 * received), median and 99th percentile.
 */
public final class RlLoopBenchmark {

    /**
     * @param env the environment of every agent
     * @param algo the agents' algorithm
     * @param agents the agent counts, one run each
     * @param perRun how long each run plays
     * @param warmUp an untimed first run of 8 agents
     * @param parallelism the job's parallelism
     * @param partitions partitions of the observations and actions topics
     * @param bufferTimeout the job's network buffer timeout
     * @param workDir checkpoints and temporary files
     */
    public record Config(
            String env,
            AgentSpec.Algo algo,
            List<Integer> agents,
            Duration perRun,
            Duration warmUp,
            int parallelism,
            int partitions,
            Duration bufferTimeout,
            Path workDir) {
        public Config {
            agents = List.copyOf(agents);
            if (agents.isEmpty() || agents.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException(
                        "--agents needs positive agent counts, got " + agents);
            }
            if (parallelism < 1 || partitions < 1) {
                throw new IllegalArgumentException(
                        "--parallelism and --partitions must be positive");
            }
        }
    }

    /** One run. */
    @JsonIgnoreProperties({"episodes", "meanReturnLast20"})
    public record Row(
            int agents,
            long steps,
            double seconds,
            @JsonProperty("steps_per_s") double stepsPerSecond,
            @JsonProperty("round_trip_median_ms") double roundTripMedianMs,
            @JsonProperty("round_trip_p99_ms") double roundTripP99Ms,
            int episodes,
            double meanReturnLast20) {}

    private final Config config;
    private final PrintStream out;

    public RlLoopBenchmark(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            RlTopics topics = new RlTopics("bench-observations", "bench-actions", "bench-dead");
            kafka.createTopics(config.partitions(), topics.all());
            StreamExecutionEnvironment env =
                    BenchEnvironment.create(config.workDir(), config.parallelism());
            RlJob.wire(
                    env,
                    RlJob.Options.builder(
                                    kafka.bootstrapServers(),
                                    AgentSpec.forEnvironment(config.env(), config.algo(), 0))
                            .topics(topics)
                            .environment(config.env())
                            .ids("bench-rl-loop", "bench-rl-loop")
                            .startFrom(KafkaSources.StartFrom.EARLIEST)
                            .bufferTimeout(config.bufferTimeout())
                            .build());
            JobClient job = env.executeAsync("bench-rl-loop");
            try {
                out.printf(
                        "RL loop: %s, %s, job parallelism %d, %d partitions, buffer timeout %d ms,"
                                + " broker and MiniCluster in this JVM, %d cores%n",
                        config.env(),
                        config.algo().name().toLowerCase(Locale.ROOT),
                        config.parallelism(),
                        config.partitions(),
                        config.bufferTimeout().toMillis(),
                        Runtime.getRuntime().availableProcessors());
                if (!config.warmUp().isZero()) {
                    play(kafka, topics, "warm-", 8, config.warmUp());
                }
                for (int i = 0; i < config.agents().size(); i++) {
                    int n = config.agents().get(i);
                    // fresh agent names per run: the job keeps the agents of earlier runs
                    EnvironmentRunner.Result r =
                            play(kafka, topics, "run" + i + "-n" + n + "-", n, config.perRun());
                    Row row =
                            new Row(
                                    n,
                                    r.steps(),
                                    r.seconds(),
                                    r.stepsPerSecond(),
                                    r.roundTripMillis(0.5),
                                    r.roundTripMillis(0.99),
                                    r.episodes().size(),
                                    r.meanReturnOfLast(20));
                    out.printf(
                            Locale.ROOT,
                            "%4d agents: %,8.0f agent-steps/s, round trip median %.2f ms, p99 %.2f"
                                    + " ms (%,d steps in %.1f s)%n",
                            n,
                            row.stepsPerSecond(),
                            row.roundTripMedianMs(),
                            row.roundTripP99Ms(),
                            row.steps(),
                            row.seconds());
                    rows.add(row);
                }
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
        out.println();
        BenchTable.of("agents", (Row r) -> Integer.toString(r.agents()))
                .column("agent-steps/s", "%,.0f", Row::stepsPerSecond)
                .column("round trip median (ms)", "%.2f", Row::roundTripMedianMs)
                .column("round trip p99 (ms)", "%.2f", Row::roundTripP99Ms)
                .print(out, rows);
        return rows;
    }

    private EnvironmentRunner.Result play(
            EmbeddedKafka kafka, RlTopics topics, String prefix, int agents, Duration time) {
        long until = System.nanoTime() + time.toNanos();
        return new EnvironmentRunner(
                        EnvironmentRunner.Config.of(config.env(), agents)
                                .withAgentPrefix(prefix)
                                .withLimits(0, 0)
                                .withActionTimeout(Duration.ofSeconds(30)),
                        kafka.bootstrapServers(),
                        topics)
                .run(() -> System.nanoTime() > until, null);
    }

    /** Writes the settings and {@code "results": [...]} for scripts. */
    public static void writeJson(List<Row> rows, Config config, Path file) throws IOException {
        BenchReport.writeJson(
                file,
                BenchReport.settings(
                        "env", config.env(),
                        "algo", config.algo().name().toLowerCase(Locale.ROOT),
                        "parallelism", config.parallelism(),
                        "partitions", config.partitions(),
                        "cores", Runtime.getRuntime().availableProcessors()),
                rows);
    }
}
