package dev.streamlearn.jobs.rl;

import dev.streamlearn.connectors.json.ActionParser;
import dev.streamlearn.connectors.json.BadRecordException;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.jobs.RlTopics;
import dev.streamlearn.operators.rl.env.ContinuousEnvironment;
import dev.streamlearn.operators.rl.env.DiscreteEnvironment;
import dev.streamlearn.operators.rl.env.Environment;
import dev.streamlearn.operators.rl.env.Environments;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The environment side of the RL loop ({@code streamlearn env}): N agents, each with its own seeded
 * in-process environment, play through Kafka against the RL job. Each agent sends an observation
 * and waits for the action with the same agent, episode and step; actions come at least once, so an
 * action for a step already taken (a replay after the job restored) is dropped. An agent whose
 * action does not come within the action timeout abandons the episode and starts the next one.
 *
 * <pre>{@code
 * EnvironmentRunner.Config c = EnvironmentRunner.Config.of("CartPole-v1", 8).withStepsPerAgent(20_000);
 * EnvironmentRunner.Result r = new EnvironmentRunner(c, "localhost:9092", RlTopics.defaults())
 *         .run(() -> false, System.out);
 * }</pre>
 */
public final class EnvironmentRunner {

    /**
     * @param env a Gymnasium id from {@link Environments#IDS}
     * @param agents number of agents, each with its own environment
     * @param agentPrefix agent i is named {@code agentPrefix + i}
     * @param firstEpisode the number of each agent's first episode (above any earlier run's)
     * @param seed environment i is seeded with {@code seed + i}
     * @param stepsPerAgent an agent stops after this many steps; 0 for no limit
     * @param episodesPerAgent an agent stops after this many episodes; 0 for no limit
     * @param actionTimeout an agent that waits this long for an action starts a new episode
     * @param printEvery time between progress lines
     */
    public record Config(
            String env,
            int agents,
            String agentPrefix,
            long firstEpisode,
            long seed,
            long stepsPerAgent,
            long episodesPerAgent,
            Duration actionTimeout,
            Duration printEvery) {
        public Config {
            if (!Environments.IDS.contains(env)) {
                throw new IllegalArgumentException(
                        "unknown environment '" + env + "'; choose from " + Environments.IDS);
            }
            if (agents < 1) {
                throw new IllegalArgumentException("--agents must be at least 1, got " + agents);
            }
            if (agentPrefix == null || agentPrefix.isBlank()) {
                throw new IllegalArgumentException("the agent prefix is empty; name the agents");
            }
            if (firstEpisode < 0 || stepsPerAgent < 0 || episodesPerAgent < 0) {
                throw new IllegalArgumentException(
                        "--first-episode, --steps and --episodes must be 0 or more");
            }
            Objects.requireNonNull(actionTimeout, "actionTimeout");
            Objects.requireNonNull(printEvery, "printEvery");
        }

        /** N agents named {@code a0, a1, ...}, 1,000 episodes each, 60 s action timeout. */
        public static Config of(String env, int agents) {
            return new Config(
                    env,
                    agents,
                    "a",
                    0,
                    0,
                    0,
                    1_000,
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(1));
        }

        public Config withAgentPrefix(String prefix) {
            return new Config(
                    env,
                    agents,
                    prefix,
                    firstEpisode,
                    seed,
                    stepsPerAgent,
                    episodesPerAgent,
                    actionTimeout,
                    printEvery);
        }

        public Config withFirstEpisode(long first) {
            return new Config(
                    env,
                    agents,
                    agentPrefix,
                    first,
                    seed,
                    stepsPerAgent,
                    episodesPerAgent,
                    actionTimeout,
                    printEvery);
        }

        public Config withSeed(long s) {
            return new Config(
                    env,
                    agents,
                    agentPrefix,
                    firstEpisode,
                    s,
                    stepsPerAgent,
                    episodesPerAgent,
                    actionTimeout,
                    printEvery);
        }

        /**
         * Stops each agent after {@code steps} steps or {@code episodes} episodes (0: no limit).
         */
        public Config withLimits(long steps, long episodes) {
            return new Config(
                    env,
                    agents,
                    agentPrefix,
                    firstEpisode,
                    seed,
                    steps,
                    episodes,
                    actionTimeout,
                    printEvery);
        }

        public Config withActionTimeout(Duration timeout) {
            return new Config(
                    env,
                    agents,
                    agentPrefix,
                    firstEpisode,
                    seed,
                    stepsPerAgent,
                    episodesPerAgent,
                    timeout,
                    printEvery);
        }
    }

    /**
     * One ended episode.
     *
     * @param agent the agent's index
     * @param episode the episode number
     * @param agentSteps the agent's steps up to the end of this episode
     * @param length the episode's steps
     * @param episodeReturn the sum of its rewards
     * @param seconds seconds since the run started
     */
    public record EpisodeEnd(
            int agent,
            long episode,
            long agentSteps,
            int length,
            double episodeReturn,
            double seconds) {}

    /**
     * What a run did.
     *
     * @param steps agent-steps taken, all agents together
     * @param seconds wall-clock seconds from the first observation to the last action
     * @param episodes every ended episode, in order
     * @param roundTripNanos per step, from sending the observation to receiving its action
     * @param duplicates actions dropped because their step was already taken
     * @param timeouts episodes abandoned because an action did not come in time
     * @param unreadable actions that could not be parsed
     * @param answerable observations sent that expect an action (those that did not end an episode)
     */
    public record Result(
            long steps,
            double seconds,
            List<EpisodeEnd> episodes,
            long[] roundTripNanos,
            long duplicates,
            long timeouts,
            long unreadable,
            long answerable) {

        public double stepsPerSecond() {
            return steps / seconds;
        }

        /** The {@code q}-quantile of the round trip in milliseconds (nearest rank). */
        public double roundTripMillis(double q) {
            if (roundTripNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = roundTripNanos.clone();
            Arrays.sort(sorted);
            int i =
                    (int)
                            Math.min(
                                    sorted.length - 1,
                                    Math.max(0, Math.ceil(q * sorted.length) - 1));
            return sorted[i] / 1e6;
        }

        /** The mean return of the last {@code n} ended episodes, NaN without any. */
        public double meanReturnOfLast(int n) {
            int from = Math.max(0, episodes.size() - n);
            return episodes.subList(from, episodes.size()).stream()
                    .mapToDouble(EpisodeEnd::episodeReturn)
                    .average()
                    .orElse(Double.NaN);
        }
    }

    private final Config config;
    private final String bootstrapServers;
    private final ClientProperties kafka;
    private final RlTopics topics;
    private final ActionParser parser = new ActionParser();
    private long answerable;
    private volatile Live live = new Live(0, 0, Double.NaN);

    /**
     * Figures of a running {@link #run}, for another thread to show.
     *
     * @param steps agent-steps so far
     * @param episodes episodes ended so far
     * @param meanReturnLast20 mean return of the last 20 ended episodes, NaN before one
     */
    public record Live(long steps, long episodes, double meanReturnLast20) {}

    /** The figures of the run in progress (or the last one). */
    public Live live() {
        return live;
    }

    public EnvironmentRunner(Config config, String bootstrapServers, RlTopics topics) {
        this(config, bootstrapServers, ClientProperties.NONE, topics);
    }

    /** A runner with the cluster's client properties (security, tuning). */
    public EnvironmentRunner(
            Config config, String bootstrapServers, ClientProperties kafka, RlTopics topics) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.kafka = kafka;
        this.topics = topics;
    }

    /** One agent's environment and where it stands. */
    private final class Player {
        final int index;
        final String name;
        final Environment<?> env;
        long episode;
        int step;
        long steps;
        long episodes;
        double episodeReturn;
        long sentAt;
        boolean finished;

        Player(int index) {
            this.index = index;
            this.name = config.agentPrefix() + index;
            long s = config.seed() + index;
            this.env =
                    Environments.isContinuous(config.env())
                            ? Environments.continuous(config.env(), s)
                            : Environments.discrete(config.env(), s);
            this.episode = config.firstEpisode();
        }

        Environment.Step step(Action a) {
            if (env instanceof DiscreteEnvironment d) {
                if (a.isContinuous()) {
                    throw new IllegalStateException(
                            config.env() + " takes discrete actions but the job sent " + a);
                }
                return d.step(a.discrete());
            }
            if (!a.isContinuous()) {
                throw new IllegalStateException(
                        config.env() + " takes continuous actions but the job sent a discrete one");
            }
            return ((ContinuousEnvironment) env).step(a.continuous());
        }
    }

    /**
     * Plays until every agent reached its limit or {@code stop} says so, printing a progress line
     * every {@link Config#printEvery()} to {@code progress} (null for none).
     */
    public Result run(BooleanSupplier stop, PrintStream progress) {
        answerable = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer();
                KafkaConsumer<byte[], byte[]> consumer = actionsConsumer()) {
            Play play = new Play(producer, progress);
            play.start();
            while (play.active > 0 && !stop.getAsBoolean()) {
                play.checkSends();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    play.onAction(r);
                }
                long now = System.nanoTime();
                play.restartSilentEpisodes(now);
                play.printIfDue(now);
            }
            producer.flush();
            return play.result();
        }
    }

    /** One run of the players: their state, the round trips and the counts so far. */
    private final class Play {
        private final KafkaProducer<byte[], byte[]> producer;
        private final PrintStream progress;
        private final List<Player> players = new ArrayList<>();
        private final Map<String, Player> byName = new HashMap<>();
        private final List<EpisodeEnd> ended = new ArrayList<>();
        private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
        private final long start = System.nanoTime();
        private final long timeoutNanos = config.actionTimeout().toNanos();
        private long[] rtt = new long[1 << 14];
        private int rttCount;
        private long duplicates;
        private long timeouts;
        private long unreadable;
        private long steps;
        private int active;
        private long nextPrint = start + config.printEvery().toNanos();
        private long lastPrintSteps;
        private long lastPrint = start;

        Play(KafkaProducer<byte[], byte[]> producer, PrintStream progress) {
            this.producer = producer;
            this.progress = progress;
            for (int i = 0; i < config.agents(); i++) {
                Player p = new Player(i);
                players.add(p);
                byName.put(p.name, p);
            }
            active = players.size();
        }

        void start() {
            for (Player p : players) {
                send(producer, p, reset(p), sendFailure);
            }
        }

        void checkSends() {
            if (sendFailure.get() != null) {
                throw new IllegalStateException(
                        "cannot send observations to topic '" + topics.observations() + "'",
                        sendFailure.get());
            }
        }

        /** Takes an action: the environment steps and the next observation goes out. */
        void onAction(ConsumerRecord<byte[], byte[]> r) {
            Action a;
            try {
                a =
                        parser.parse(
                                new RawRecord(
                                        r.topic(),
                                        r.partition(),
                                        r.offset(),
                                        r.timestamp(),
                                        r.value() == null ? new byte[0] : r.value()));
            } catch (BadRecordException e) {
                unreadable++;
                return;
            }
            Player p = byName.get(a.agent());
            if (p == null || p.finished) {
                return; // another run's agent, or the answer to a finished agent's last step
            }
            if (a.episode() != p.episode || a.step() != p.step) {
                duplicates++;
                return;
            }
            long now = System.nanoTime();
            if (rttCount == rtt.length) {
                rtt = Arrays.copyOf(rtt, rtt.length * 2);
            }
            rtt[rttCount++] = now - p.sentAt;
            Environment.Step s = p.step(a);
            steps++;
            p.steps++;
            p.step++;
            p.episodeReturn += s.reward();
            send(
                    producer,
                    p,
                    new Observation(
                            p.name,
                            p.episode,
                            p.step,
                            s.observation(),
                            s.reward(),
                            s.terminated(),
                            s.truncated()),
                    sendFailure);
            boolean limitReached = config.stepsPerAgent() > 0 && p.steps >= config.stepsPerAgent();
            if (s.done()) {
                limitReached |= endEpisode(p, now);
            }
            if (limitReached) {
                p.finished = true;
                active--;
            }
        }

        /** Records the episode's end and starts the next; true when the episode limit is met. */
        private boolean endEpisode(Player p, long now) {
            p.episodes++;
            ended.add(
                    new EpisodeEnd(
                            p.index,
                            p.episode,
                            p.steps,
                            p.step,
                            p.episodeReturn,
                            (now - start) / 1e9));
            live = new Live(steps, ended.size(), lastMean(ended, 20));
            boolean limitReached =
                    config.episodesPerAgent() > 0 && p.episodes >= config.episodesPerAgent();
            p.episode++;
            boolean stepsLeft = !(config.stepsPerAgent() > 0 && p.steps >= config.stepsPerAgent());
            if (!limitReached && stepsLeft) {
                send(producer, p, reset(p), sendFailure);
            }
            return limitReached;
        }

        /** Starts a new episode for every agent whose action is overdue. */
        void restartSilentEpisodes(long now) {
            for (Player p : players) {
                if (!p.finished && now - p.sentAt > timeoutNanos) {
                    timeouts++;
                    if (progress != null) {
                        progress.printf(
                                "agent %s got no action for step %d of episode %d within %s;"
                                        + " starting episode %d (is the RL job running on"
                                        + " topic '%s'?)%n",
                                p.name,
                                p.step,
                                p.episode,
                                config.actionTimeout(),
                                p.episode + 1,
                                topics.observations());
                    }
                    p.episode++;
                    send(producer, p, reset(p), sendFailure);
                }
            }
        }

        void printIfDue(long now) {
            if (progress == null || now < nextPrint) {
                return;
            }
            progress.println(
                    status(
                            (now - start) / 1e9,
                            steps,
                            (steps - lastPrintSteps) / ((now - lastPrint) / 1e9),
                            ended,
                            Arrays.copyOfRange(rtt, Math.max(0, rttCount - 5_000), rttCount)));
            lastPrint = now;
            lastPrintSteps = steps;
            nextPrint = now + config.printEvery().toNanos();
        }

        Result result() {
            return new Result(
                    steps,
                    (System.nanoTime() - start) / 1e9,
                    ended,
                    Arrays.copyOf(rtt, rttCount),
                    duplicates,
                    timeouts,
                    unreadable,
                    answerable);
        }
    }

    private static double lastMean(List<EpisodeEnd> ended, int n) {
        int size = ended.size();
        double sum = 0;
        for (int i = Math.max(0, size - n); i < size; i++) {
            sum += ended.get(i).episodeReturn();
        }
        return size == 0 ? Double.NaN : sum / Math.min(n, size);
    }

    private Observation reset(Player p) {
        p.step = 0;
        p.episodeReturn = 0;
        return new Observation(p.name, p.episode, 0, p.env.reset(), 0, false, false);
    }

    private void send(
            KafkaProducer<byte[], byte[]> producer,
            Player p,
            Observation o,
            AtomicReference<Exception> failure) {
        p.sentAt = System.nanoTime();
        if (!o.done()) {
            answerable++;
        }
        producer.send(
                new ProducerRecord<>(
                        topics.observations(),
                        p.name.getBytes(StandardCharsets.UTF_8),
                        RecordJson.observation(o)),
                (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    private static String status(
            double secs, long steps, double rate, List<EpisodeEnd> ended, long[] recentRtt) {
        Arrays.sort(recentRtt);
        String rtt =
                recentRtt.length == 0
                        ? "-"
                        : String.format(
                                Locale.ROOT,
                                "%.1f ms (p99 %.1f)",
                                recentRtt[recentRtt.length / 2] / 1e6,
                                recentRtt[
                                                (int)
                                                        Math.min(
                                                                recentRtt.length - 1,
                                                                recentRtt.length * 0.99)]
                                        / 1e6);
        int n = ended.size();
        double mean = lastMean(ended, 20);
        StringBuilder last = new StringBuilder();
        for (EpisodeEnd e : ended.subList(Math.max(0, n - 5), n)) {
            last.append(String.format(Locale.ROOT, " %.0f", e.episodeReturn()));
        }
        return String.format(
                Locale.ROOT,
                "[%4.0fs] steps %,10d (%,7.0f/s) | episodes %,6d | mean return of the last 20"
                        + " %6.1f | latest%s | round trip %s",
                secs,
                steps,
                rate,
                n,
                mean,
                last.length() == 0 ? " -" : last,
                rtt);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = kafka.withBootstrap(bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // the agent waits for each observation's answer: send at once
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p);
    }

    /** Reads the actions topic from its current end, so that earlier runs' actions are skipped. */
    private KafkaConsumer<byte[], byte[]> actionsConsumer() {
        KafkaConsumer<byte[], byte[]> consumer =
                dev.streamlearn.connectors.kafka.TopicReader.consumer(
                        bootstrapServers, kafka, false);
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topics.actions(), Duration.ofSeconds(30))
                .forEach(p -> partitions.add(new TopicPartition(topics.actions(), p.partition())));
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException(
                    "the actions topic '" + topics.actions() + "' does not exist; create it");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        for (TopicPartition tp : partitions) {
            consumer.position(tp); // resolve the end now, before the first observation goes out
        }
        return consumer;
    }
}
