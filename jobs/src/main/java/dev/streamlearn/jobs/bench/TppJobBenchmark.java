package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.jobs.TppJob;
import dev.streamlearn.jobs.TppTopics;
import dev.streamlearn.jobs.produce.HawkesEvents;
import dev.streamlearn.jobs.produce.TppEventWriter;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code streamlearn bench tpp-job}: the point-process job end to end (embedded Kafka in, scoring
 * and training operators, 1 s checkpoints, exactly-once Kafka out) against its cores alone ({@link
 * TppCoreReplay}), on the Hawkes regime stream of {@code produce hawkes}, for the prompt pool and
 * the fine-tune chain: per window the NLL gap to the true process, the versions the job's scoring
 * lagged behind, and events/s of each.
 */
public final class TppJobBenchmark {
    private static final List<String> TYPES = List.of("k0", "k1", "k2");
    private static final long START = 1_732_600_000_000L;

    /**
     * @param entities entities of the stream
     * @param windowSeconds event time per window (the job's training window too)
     * @param windowsPerRegime windows of each regime (A, B, A, C)
     * @param seed the stream's seed and the models'
     * @param methods {@code prompt}, {@code finetune}
     * @param epochs training passes per window
     * @param maxSequences sequences trained on per window at most
     * @param parallelism the job's
     * @param rate events per second written while the job runs; 0 to write the whole stream before
     *     the job starts and let it go as fast as it can
     * @param workDir the broker's log, checkpoints, temporary files
     */
    public record Config(
            int entities,
            double windowSeconds,
            int windowsPerRegime,
            long seed,
            List<String> methods,
            int epochs,
            int maxSequences,
            int parallelism,
            double rate,
            Path workDir) {
        public Config {
            for (String m : methods) {
                if (!m.equals("prompt") && !m.equals("finetune")) {
                    throw new IllegalArgumentException(
                            "--methods takes prompt and finetune, got '" + m + "'");
                }
            }
        }

        OnlineTppConfig model(String method) {
            return OnlineTppConfig.defaults(TYPES.size(), method.equals("prompt"), seed)
                    .withWindow(Math.round(windowSeconds * 1000), 0)
                    .withEpochs(epochs)
                    .withMaxSequences(maxSequences);
        }

        HawkesEvents.Config stream() {
            return new HawkesEvents.Config(
                    HawkesEvents.Kind.REGIMES,
                    entities,
                    windowSeconds,
                    windowsPerRegime,
                    START,
                    seed);
        }
    }

    /**
     * One method run by the cores alone or by the job.
     *
     * @param method prompt or finetune
     * @param where core or job
     * @param seconds from the first event to the last score (the job: the first and last score
     *     written, by their Kafka timestamps)
     * @param latency the job's scores written this many ms after their events were due to be
     *     written, median and 99th percentile (NaN: the stream was written before the job ran)
     */
    public record Run(
            String method,
            String where,
            long events,
            double seconds,
            double[] latency,
            List<TppScoreWindows.Window> windows) {
        public double eventsPerSecond() {
            return events / seconds;
        }

        Run withLatency(double[] ms) {
            return new Run(method, where, events, seconds, ms, windows);
        }
    }

    private final Config config;
    private final PrintStream out;

    public TppJobBenchmark(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public List<Run> run() throws Exception {
        List<TppEvent> events = HawkesEvents.generate(config.stream());
        out.printf(
                "%,d events of %d entities, regimes %s, %d per regime of %.0f s each%n",
                events.size(),
                config.entities(),
                HawkesEvents.segments(config.stream()),
                config.windowsPerRegime(),
                config.windowSeconds());
        List<Run> runs = new ArrayList<>();
        for (String method : config.methods()) {
            out.printf("%s, cores alone ...%n", method);
            TppScoreWindows core = windows();
            double secs = new TppCoreReplay(config.model(method), core).run(events);
            runs.add(
                    new Run(
                            method,
                            "core",
                            events.size(),
                            secs,
                            new double[] {Double.NaN, Double.NaN},
                            core.windows()));
            out.printf("  %.1f s, %,.0f events/s%n", secs, events.size() / secs);
            out.printf("%s, the job ...%n", method);
            runs.add(runJob(method, events));
            out.printf("  %,.0f events/s%n", runs.get(runs.size() - 1).eventsPerSecond());
        }
        return runs;
    }

    private TppScoreWindows windows() {
        List<String> perWindow = new ArrayList<>();
        for (String segment : HawkesEvents.segments(config.stream())) {
            for (int i = 0; i < config.windowsPerRegime(); i++) {
                perWindow.add(segment);
            }
        }
        return new TppScoreWindows(START, Math.round(config.windowSeconds() * 1000), perWindow);
    }

    /** Writes the stream to a fresh broker, runs the job on it and reads every score back. */
    private Run runJob(String method, List<TppEvent> events) throws Exception {
        TppTopics topics =
                new TppTopics("events", "tpp-scores", "tpp-metrics", "tpp-models", "tpp-dead");
        Path dir = Files.createDirectories(config.workDir());
        try (EmbeddedKafka kafka =
                EmbeddedKafka.start(
                        EmbeddedKafka.Options.defaults()
                                .withDataDir(Files.createTempDirectory(dir, "kafka")))) {
            kafka.createTopics(
                    config.parallelism(),
                    topics.events(),
                    topics.scores(),
                    topics.metrics(),
                    topics.deadLetters());
            kafka.createTopics(1, topics.models());
            Runnable write =
                    () ->
                            TppEventWriter.write(
                                    kafka.clientProperties(),
                                    topics.events(),
                                    events,
                                    TYPES,
                                    config.rate(),
                                    n -> {});
            if (config.rate() <= 0) {
                write.run();
            }
            StreamExecutionEnvironment env =
                    BenchEnvironment.create(dir.resolve(method), config.parallelism());
            TppJob.wire(
                    env,
                    TppJob.Options.builder(kafka.bootstrapServers(), TYPES)
                            .topics(topics)
                            .model(config.model(method))
                            .ids("bench-tpp-" + method, "bench-tpp-" + method)
                            .startFrom(KafkaSources.StartFrom.EARLIEST)
                            .build());
            JobClient job = env.executeAsync("bench-tpp-job-" + method);
            try {
                Thread writer = new Thread(write, "bench-tpp-writer");
                writer.setDaemon(true);
                long begin = System.currentTimeMillis();
                if (config.rate() > 0) {
                    awaitRunning(job);
                    begin = System.currentTimeMillis();
                    writer.start();
                }
                Map<String, Long> written = new HashMap<>();
                Run run =
                        readScores(
                                kafka.bootstrapServers(), topics.scores(), method, events, written);
                writer.join();
                return config.rate() > 0 ? run.withLatency(latency(events, written, begin)) : run;
            } finally {
                job.cancel().get();
            }
        }
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JobStatus status;
        while ((status = job.getJobStatus().get()) != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline || status.isTerminalState()) {
                throw new IllegalStateException(
                        "the point-process job is "
                                + status
                                + " instead of RUNNING a minute after its start; the log above"
                                + " says why (a machine too busy to start it, or a failure in"
                                + " its first tasks)");
            }
            Thread.sleep(100);
        }
    }

    /**
     * The median and 99th percentile of how long after its due time (event i: {@code begin +
     * i/rate}) each event's score was written, leaving out the first 10 s of the stream (or its
     * first half, when shorter), while the job's source and operators start.
     */
    private double[] latency(List<TppEvent> events, Map<String, Long> written, long begin) {
        int skip = (int) Math.min(10 * config.rate(), events.size() / 2.0);
        double[] ms = new double[events.size() - skip];
        for (int i = skip; i < events.size(); i++) {
            TppEvent e = events.get(i);
            Long at = written.get(e.entity() + "@" + e.ts());
            ms[i - skip] = at - (begin + i * 1000.0 / config.rate());
        }
        Arrays.sort(ms);
        return new double[] {ms[ms.length / 2], ms[(int) (ms.length * 0.99)]};
    }

    /**
     * Reads committed scores until there is one per event, noting when each was written; throws
     * when the job stalls for two minutes or commits more scores than events.
     */
    private Run readScores(
            String bootstrap,
            String topic,
            String method,
            List<TppEvent> events,
            Map<String, Long> written)
            throws IOException {
        Committed scores = new Committed(windows(), written);
        long expected = events.size();
        long lastProgress = System.nanoTime();
        long lastReport = lastProgress;
        try (KafkaConsumer<byte[], byte[]> consumer = TopicReader.consumer(bootstrap, true)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < config.parallelism(); p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (scores.read < expected) {
                if (System.nanoTime() - lastProgress > Duration.ofMinutes(2).toNanos()) {
                    throw new IllegalStateException(
                            String.format(
                                    "the job committed %,d of %,d scores and then none for 2"
                                            + " minutes; its log above says why (a failed task,"
                                            + " checkpoints that do not complete)",
                                    scores.read, expected));
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    scores.add(r);
                    lastProgress = System.nanoTime();
                }
                if (System.nanoTime() - lastReport > Duration.ofSeconds(10).toNanos()) {
                    out.printf("  %,d of %,d scores committed%n", scores.read, expected);
                    lastReport = System.nanoTime();
                }
            }
            int more = consumer.poll(Duration.ofSeconds(3)).count();
            if (more > 0) {
                throw new IllegalStateException(
                        String.format(
                                "the job committed %,d scores or more for %,d events",
                                scores.read + more, expected));
            }
        }
        return new Run(
                method,
                "job",
                scores.read,
                Math.max(1, scores.last - scores.first) / 1000.0,
                new double[] {Double.NaN, Double.NaN},
                scores.figures.windows());
    }

    /** The committed scores read so far: their figures, and when each was written. */
    private static final class Committed {
        final TppScoreWindows figures;
        final Map<String, Long> written;
        long read;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        Committed(TppScoreWindows figures, Map<String, Long> written) {
            this.figures = figures;
            this.written = written;
        }

        void add(ConsumerRecord<byte[], byte[]> r) throws IOException {
            JsonNode n = Json.MAPPER.readTree(r.value());
            long ts = n.get("ts").asLong();
            figures.add(
                    ts,
                    n.has("ll") ? n.get("ll").asDouble() : Double.NaN,
                    n.has("truth_ll") ? n.get("truth_ll").asDouble() : Double.NaN,
                    n.get("version").asLong());
            written.putIfAbsent(n.get("entity").asText() + "@" + ts, r.timestamp());
            first = Math.min(first, r.timestamp());
            last = Math.max(last, r.timestamp());
            read++;
        }
    }

    /** Prints the tables, and draws the chart when {@code png} is not null. */
    public static void report(PrintStream out, List<Run> runs, Path png) throws IOException {
        TppJobReport.print(out, runs);
        if (png != null) {
            TppJobReport.writePng(png, runs);
            out.println("wrote " + png);
        }
    }

    /** Settings and runs, with the recoveries after each regime change. */
    public static void writeJson(Path file, Config config, List<Run> runs) throws IOException {
        TppJobReport.writeJson(file, config, runs);
    }
}
