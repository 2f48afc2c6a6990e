package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.streamlearn.operators.rl.Agent;
import dev.streamlearn.operators.rl.StreamActorCritic;
import dev.streamlearn.operators.rl.StreamAgentConfig;
import dev.streamlearn.operators.rl.StreamGaussianActorCritic;
import dev.streamlearn.operators.rl.StreamQ;
import dev.streamlearn.operators.rl.StreamSarsa;
import dev.streamlearn.operators.rl.env.ContinuousEnvironment;
import dev.streamlearn.operators.rl.env.DiscreteEnvironment;
import dev.streamlearn.operators.rl.env.Environment;
import dev.streamlearn.operators.rl.env.Environments;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code streamlearn bench rl}: the stream-x agents learning on an in-JVM environment, without
 * Flink, one seed after the other on one thread, after an untimed warm-up run. Per seed:
 * agent-steps per second (environment included), the step at which the first full-length episode
 * ended, and the mean raw return of the last 20 episodes; the learning curves go to a CSV file and
 * a PNG chart.
 */
public final class RlBenchmark {
    /** The algorithm names: q, sarsa (discrete), ac (discrete or Gaussian, by environment). */
    public static final List<String> ALGOS = List.of("q", "sarsa", "ac");

    private static final long WARM_UP_STEPS = 20_000;

    /** The reference's f: epsilon decays over this share of a run's steps. */
    static final double EXPLORATION_FRACTION = 0.05;

    /** Episodes in the mean return that the threshold is judged on. */
    private static final int LAST = 20;

    /**
     * @param env a Gymnasium id from {@link Environments#IDS}
     * @param algos names from {@link #ALGOS}
     * @param steps agent-steps per run
     * @param seeds seeds per algorithm: {@code firstSeed .. firstSeed + seeds - 1}
     * @param firstSeed the first seed
     * @param hidden hidden units per layer, 0 for the reference's (32 discrete, 128 continuous)
     * @param explorationSteps Q's and SARSA's epsilon decay length, 0 for the reference's: 5% of
     *     the run's steps
     * @param csv learning curves (one row per episode), or null
     * @param png learning-curve chart, or null
     */
    public record Config(
            String env,
            List<String> algos,
            long steps,
            int seeds,
            long firstSeed,
            int hidden,
            long explorationSteps,
            Path csv,
            Path png) {
        public Config {
            if (!Environments.IDS.contains(env)) {
                throw new IllegalArgumentException(
                        "unknown environment '" + env + "'; choose from " + Environments.IDS);
            }
            for (String a : algos) {
                if (!ALGOS.contains(a)) {
                    throw new IllegalArgumentException(
                            "unknown algorithm '" + a + "'; choose from " + ALGOS);
                }
                if (Environments.isContinuous(env) && !a.equals("ac")) {
                    throw new IllegalArgumentException(
                            env + " has continuous actions: only --algo ac applies, got " + a);
                }
            }
            if (steps < 1 || seeds < 1 || hidden < 0 || explorationSteps < 0) {
                throw new IllegalArgumentException(
                        "--steps and --seeds must be positive, --hidden and --exploration-steps"
                                + " at least 0; got "
                                + steps
                                + ", "
                                + seeds
                                + ", "
                                + hidden
                                + ", "
                                + explorationSteps);
            }
            algos = List.copyOf(algos);
        }
    }

    /** One run: an algorithm and a seed. */
    @JsonIgnoreProperties({
        "seconds",
        "cpuSeconds",
        "firstFullEpisodeStep",
        "firstThresholdEpisodeStep",
        "last20ThresholdStep",
        "threshold",
        "episodeEnds",
        "episodeReturns"
    })
    @JsonPropertyOrder({
        "env",
        "algo",
        "seed",
        "steps",
        "steps_per_s",
        "cpu_steps_per_s",
        "episodes",
        "mean_return_last20",
        "reached_threshold",
        "reached_threshold_within",
        "first_full_episode_step",
        "first_threshold_episode_step",
        "last20_threshold_step"
    })
    public record Result(
            String env,
            String algo,
            long seed,
            long steps,
            double seconds,
            double cpuSeconds,
            int episodes,
            long firstFullEpisodeStep,
            long firstThresholdEpisodeStep,
            long last20ThresholdStep,
            @JsonProperty("mean_return_last20") double meanReturnLast20,
            double threshold,
            long[] episodeEnds,
            double[] episodeReturns) {
        /** Wall-clock agent-steps per second. */
        @JsonProperty("steps_per_s")
        public double stepsPerSecond() {
            return steps / seconds;
        }

        /**
         * Agent-steps per second of the thread's CPU time: the one-core throughput, independent of
         * other processes competing for the cores (NaN where the JVM cannot measure it).
         */
        @JsonProperty("cpu_steps_per_s")
        public double cpuStepsPerSecond() {
            return cpuSeconds > 0 ? steps / cpuSeconds : Double.NaN;
        }

        /** Whether the mean return of the run's last 20 episodes is at the threshold. */
        @JsonProperty("reached_threshold")
        public boolean reachedThreshold() {
            return meanReturnLast20 >= threshold;
        }

        /** Whether the mean return of 20 consecutive episodes reached the threshold in the run. */
        @JsonProperty("reached_threshold_within")
        public boolean reachedThresholdWithin() {
            return last20ThresholdStep >= 0;
        }

        /** The step at which the first full-length episode ended; null when none did. */
        @JsonProperty("first_full_episode_step")
        Long firstFullEpisodeStepOrNull() {
            return firstFullEpisodeStep >= 0 ? firstFullEpisodeStep : null;
        }

        /** The step at which the first episode at the threshold ended; null when none did. */
        @JsonProperty("first_threshold_episode_step")
        Long firstThresholdEpisodeStepOrNull() {
            return firstThresholdEpisodeStep >= 0 ? firstThresholdEpisodeStep : null;
        }

        /** The step at which 20 consecutive episodes reached the threshold; null when never. */
        @JsonProperty("last20_threshold_step")
        Long last20ThresholdStepOrNull() {
            return reachedThresholdWithin() ? last20ThresholdStep : null;
        }
    }

    private final Config config;
    private final PrintStream out;

    public RlBenchmark(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public List<Result> run() throws IOException {
        List<Result> results = new ArrayList<>();
        for (String algo : config.algos()) {
            // untimed, so that the first seed's steps/s does not include the JIT's warm-up
            runOne(
                    config.env(),
                    algo,
                    -1,
                    Math.min(config.steps(), WARM_UP_STEPS),
                    config.hidden(),
                    config.explorationSteps());
            for (long seed = config.firstSeed();
                    seed < config.firstSeed() + config.seeds();
                    seed++) {
                Result r =
                        runOne(
                                config.env(),
                                algo,
                                seed,
                                config.steps(),
                                config.hidden(),
                                config.explorationSteps());
                out.printf(
                        Locale.ROOT,
                        "%-6s seed %d: %,.0f steps/s (%,.0f per CPU second), %d episodes, first"
                                + " full-length episode at %s, mean return of the last 20 %.1f%n",
                        algo,
                        seed,
                        r.stepsPerSecond(),
                        r.cpuStepsPerSecond(),
                        r.episodes(),
                        r.firstFullEpisodeStep() < 0
                                ? "-"
                                : String.format(Locale.ROOT, "%,d", r.firstFullEpisodeStep()),
                        r.meanReturnLast20());
                results.add(r);
            }
        }
        printTable(results);
        if (config.csv() != null) {
            writeCsv(results, config.csv());
            out.println("wrote " + config.csv());
        }
        if (config.png() != null) {
            writePng(results, config.png());
            out.println("wrote " + config.png());
        }
        return results;
    }

    /** Runs one agent for {@code steps} steps with the reference's settings. */
    public static Result runOne(String envId, String algo, long seed, long steps, int hidden) {
        return runOne(envId, algo, seed, steps, hidden, 0);
    }

    /**
     * Runs one agent for {@code steps} steps on a fresh, seeded environment; {@code hidden} and
     * {@code explorationSteps} 0 keep the reference's values. The reference decays epsilon over a
     * fraction f = 0.05 of the run's T steps (25,000 of its scripts' 500,000; its 100,000-step
     * CartPole figures decay over 5,000), so 0 means 5% of {@code steps} here.
     */
    public static Result runOne(
            String envId, String algo, long seed, long steps, int hidden, long explorationSteps) {
        // a seed of its own for the environment, so that its draws do not mirror the agent's
        long envSeed = seed ^ 0x5DEECE66DL;
        if (Environments.isContinuous(envId)) {
            ContinuousEnvironment env = Environments.continuous(envId, envSeed);
            StreamAgentConfig c =
                    config(StreamAgentConfig.continuousDefaults(), env, seed, hidden, 0);
            Agent<double[]> agent =
                    new StreamGaussianActorCritic(
                            env.observationSize(), env.actionLow(), env.actionHigh(), c);
            return loop(env, agent, algo, seed, steps);
        }
        DiscreteEnvironment env = Environments.discrete(envId, envSeed);
        long decay =
                explorationSteps > 0
                        ? explorationSteps
                        : Math.max(1, Math.round(EXPLORATION_FRACTION * steps));
        StreamAgentConfig c = config(StreamAgentConfig.defaults(), env, seed, hidden, decay);
        int n = env.actionCount();
        int obs = env.observationSize();
        Agent<Integer> agent =
                switch (algo) {
                    case "q" -> new StreamQ(obs, n, c);
                    case "sarsa" -> new StreamSarsa(obs, n, c);
                    case "ac" -> new StreamActorCritic(obs, n, c);
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown algorithm '" + algo + "'; choose from " + ALGOS);
                };
        return loop(env, agent, algo, seed, steps);
    }

    private static StreamAgentConfig config(
            StreamAgentConfig base,
            Environment<?> env,
            long seed,
            int hidden,
            long explorationSteps) {
        StreamAgentConfig c = base.withSeed(seed).withTimeLimit(env.maxEpisodeSteps());
        if (hidden > 0) {
            c = c.withHidden(hidden);
        }
        if (explorationSteps > 0) {
            c = c.withEpsilon(c.epsilonStart(), c.epsilonEnd(), explorationSteps);
        }
        return c;
    }

    private static <A> Result loop(
            Environment<A> env, Agent<A> agent, String algo, long seed, long steps) {
        long[] ends = new long[1024];
        double[] returns = new double[1024];
        int episodes = 0;
        long firstFull = -1;
        long firstThreshold = -1;
        long last20Threshold = -1;
        int length = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        A action = agent.start(env.reset());
        for (long t = 1; t <= steps; t++) {
            Environment.Step s = env.step(action);
            length++;
            action = agent.observe(s.reward(), s.observation(), s.terminated(), s.truncated());
            if (action == null) {
                double ret = agent.lastEpisodeReturn();
                if (episodes == ends.length) {
                    ends = Arrays.copyOf(ends, 2 * episodes);
                    returns = Arrays.copyOf(returns, 2 * episodes);
                }
                ends[episodes] = t;
                returns[episodes] = ret;
                episodes++;
                if (firstFull < 0 && length >= env.maxEpisodeSteps()) {
                    firstFull = t;
                }
                if (firstThreshold < 0 && ret >= env.rewardThreshold()) {
                    firstThreshold = t;
                }
                if (last20Threshold < 0
                        && episodes >= LAST
                        && mean(returns, episodes - LAST, episodes) >= env.rewardThreshold()) {
                    last20Threshold = t;
                }
                length = 0;
                action = agent.start(env.reset());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : 0;
        int last = Math.min(LAST, episodes);
        return new Result(
                env.id(),
                algo,
                seed,
                steps,
                seconds,
                cpuSeconds,
                episodes,
                firstFull,
                firstThreshold,
                last20Threshold,
                last == 0 ? Double.NaN : mean(returns, episodes - last, episodes),
                env.rewardThreshold(),
                Arrays.copyOf(ends, episodes),
                Arrays.copyOf(returns, episodes));
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    private void printTable(List<Result> results) {
        out.println();
        out.printf(
                Locale.ROOT,
                "%s, %,d steps per run, reward threshold %.0f%n",
                config.env(),
                config.steps(),
                results.get(0).threshold());
        BenchTable.of("algo", Result::algo)
                .column("seed", "%d", Result::seed)
                .column("steps/s", "%,.0f", Result::stepsPerSecond)
                .column("steps/cpu-s", "%,.0f", Result::cpuStepsPerSecond)
                .column("episodes", "%d", Result::episodes)
                .text(
                        "first full ep",
                        r ->
                                r.firstFullEpisodeStep() < 0
                                        ? "-"
                                        : String.format(
                                                Locale.ROOT, "%,d", r.firstFullEpisodeStep()))
                .column("mean last 20 ep", "%.1f", Result::meanReturnLast20)
                .text("at end", r -> r.reachedThreshold() ? "yes" : "no")
                .text(
                        "20-ep mean reached",
                        r ->
                                r.reachedThresholdWithin()
                                        ? String.format(
                                                Locale.ROOT, "at %,d", r.last20ThresholdStep())
                                        : "no")
                .print(out, results);
        out.println();
        for (String algo : config.algos()) {
            List<Result> rs = results.stream().filter(r -> r.algo().equals(algo)).toList();
            double[] rates = rs.stream().mapToDouble(Result::stepsPerSecond).sorted().toArray();
            double[] cpuRates =
                    rs.stream().mapToDouble(Result::cpuStepsPerSecond).sorted().toArray();
            long solved = rs.stream().filter(Result::reachedThreshold).count();
            long within = rs.stream().filter(Result::reachedThresholdWithin).count();
            out.printf(
                    Locale.ROOT,
                    "%-6s median %,.0f steps/s (%,.0f per CPU second); mean return of 20"
                            + " consecutive episodes >= %.0f within %,d steps on %d of %d seeds,"
                            + " of the last 20 on %d of %d%n",
                    algo,
                    rates[rates.length / 2],
                    cpuRates[cpuRates.length / 2],
                    rs.get(0).threshold(),
                    config.steps(),
                    within,
                    rs.size(),
                    solved,
                    rs.size());
        }
    }

    /** Writes {@code {"env": ..., "steps": ..., "results": [...]}} for scripts. */
    public static void writeJson(List<Result> results, Config config, Path file)
            throws IOException {
        BenchReport.writeJson(
                file, BenchReport.settings("env", config.env(), "steps", config.steps()), results);
    }

    /** One row per episode: algo, seed, episode, end step, raw return. */
    static void writeCsv(List<Result> results, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("env,algo,seed,episode,end_step,return\n");
            for (Result r : results) {
                for (int i = 0; i < r.episodes(); i++) {
                    w.write(
                            String.format(
                                    Locale.ROOT,
                                    "%s,%s,%d,%d,%d,%s%n",
                                    r.env(),
                                    r.algo(),
                                    r.seed(),
                                    i + 1,
                                    r.episodeEnds()[i],
                                    r.episodeReturns()[i]));
                }
            }
        }
    }

    /** Learning curves: the mean return of the last 10 episodes against the step. */
    static void writePng(List<Result> results, Path file) throws IOException {
        Result first = results.get(0);
        LineChart chart =
                new LineChart(
                        first.env() + ": mean return of the last 10 episodes",
                        "agent-step",
                        "return");
        for (Result r : results) {
            double[] x = new double[r.episodes()];
            double[] y = new double[r.episodes()];
            double window = 0;
            for (int i = 0; i < r.episodes(); i++) {
                window += r.episodeReturns()[i];
                if (i >= 10) {
                    window -= r.episodeReturns()[i - 10];
                }
                x[i] = r.episodeEnds()[i];
                y[i] = window / Math.min(i + 1, 10);
            }
            chart.series(r.algo() + " seed " + r.seed(), x, y);
        }
        chart.horizontalLine("threshold " + (long) first.threshold(), first.threshold());
        chart.writePng(file, 1000, 560);
    }
}
