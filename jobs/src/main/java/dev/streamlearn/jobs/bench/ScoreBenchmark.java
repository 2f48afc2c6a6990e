package dev.streamlearn.jobs.bench;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.gpu.ModelSpec;
import dev.streamlearn.gpu.flink.BatchOptions;
import dev.streamlearn.jobs.ScoreJob;
import dev.streamlearn.jobs.ScoreTopics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code streamlearn bench score}: the scoring job end to end at an offered rate: an embedded
 * broker, a producer sending feature rows at {@code rate} for {@code duration}, the job
 * (exactly-once sinks, checkpoints every second) on a local MiniCluster, and a {@code
 * read_committed} consumer that counts each id once and measures each score's latency from the
 * row's Kafka timestamp to the moment it is readable (which includes the wait for the checkpoint
 * that commits it).
 */
public final class ScoreBenchmark {

    /**
     * @param model the model and its widths
     * @param batching the job's batching
     * @param rate rows per second offered
     * @param duration how long rows are offered
     * @param parallelism the job's parallelism
     * @param workDir checkpoints and temporary files
     */
    public record Config(
            ModelSpec model,
            BatchOptions batching,
            double rate,
            Duration duration,
            int parallelism,
            Path workDir) {}

    /**
     * @param offered rows sent
     * @param offeredPerSecond rows/s the producer achieved, over its send loop
     * @param committed distinct scores committed
     * @param duplicates scores beyond one per row
     * @param committedPerSecond scores/s committed while the rows were offered (the distinct scores
     *     readable when the last row was sent, over the send loop's time)
     * @param drainSeconds from the last row's send until every score was readable
     * @param latencyP50Ms from the row's timestamp until its score is readable, median
     * @param latencyP99Ms the same, 99th percentile
     */
    public record Result(
            long offered,
            double offeredPerSecond,
            long committed,
            long duplicates,
            double committedPerSecond,
            double drainSeconds,
            double latencyP50Ms,
            double latencyP99Ms) {}

    private final Config config;
    private final PrintStream out;

    public ScoreBenchmark(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public Result run() throws Exception {
        ScoreTopics topics = new ScoreTopics("bench-features", "bench-scores", "bench-dead");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(config.parallelism(), topics.all());
            StreamExecutionEnvironment env =
                    BenchEnvironment.create(config.workDir(), config.parallelism());
            ScoreJob.wire(
                    env,
                    ScoreJob.Options.builder(kafka.bootstrapServers(), config.model())
                            .topics(topics)
                            .batching(config.batching())
                            .ids("bench-score", "bench-score")
                            .startFrom(KafkaSources.StartFrom.EARLIEST)
                            .build());
            JobClient job = env.executeAsync("bench-score");
            try (KafkaConsumer<byte[], byte[]> consumer =
                    TopicReader.consumer(kafka.bootstrapServers(), true)) {
                consumer.assign(partitions(consumer, topics.scores()));
                out.printf(
                        Locale.ROOT,
                        "offering %,.0f rows/s for %s to the scoring job (%s, parallelism %d)%n",
                        config.rate(),
                        config.duration().toString().substring(2).toLowerCase(Locale.ROOT),
                        config.model().modelPath().getFileName(),
                        config.parallelism());
                return measure(kafka.bootstrapServers(), topics, consumer, job);
            } finally {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }
    }

    private Result measure(
            String bootstrap,
            ScoreTopics topics,
            KafkaConsumer<byte[], byte[]> consumer,
            JobClient job)
            throws Exception {
        Counting counting = new Counting();
        long[] sent = new long[1];
        long[] sendNanos = new long[1];
        long start = System.nanoTime();
        Thread producer =
                new Thread(
                        () -> {
                            sent[0] = produce(bootstrap, topics);
                            sendNanos[0] = System.nanoTime() - start;
                        },
                        "bench-rows");
        producer.start();
        long nextPrint = start + TimeUnit.SECONDS.toNanos(5);
        long committedWhileSending = -1;
        while (producer.isAlive() || counting.distinct() < sent[0]) {
            counting.poll(consumer);
            if (!producer.isAlive() && committedWhileSending < 0) {
                committedWhileSending = counting.distinct();
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                throw new IllegalStateException("the scoring job ended before scoring every row");
            }
            if (System.nanoTime() > nextPrint) {
                out.printf(
                        Locale.ROOT,
                        "  [%3.0fs] %,d scores committed%n",
                        (System.nanoTime() - start) / 1e9,
                        counting.distinct());
                nextPrint += TimeUnit.SECONDS.toNanos(5);
            }
            if (!producer.isAlive()
                    && System.nanoTime() - start > config.duration().toNanos() * 3 + 60e9) {
                break; // the job does not keep up at all: report what came
            }
        }
        producer.join();
        double sendSeconds = sendNanos[0] / 1e9;
        Result r =
                new Result(
                        sent[0],
                        sent[0] / sendSeconds,
                        counting.distinct(),
                        counting.duplicates,
                        Math.max(committedWhileSending, 0) / sendSeconds,
                        Math.max(0, (counting.lastArrival - start - sendNanos[0]) / 1e9),
                        counting.latencies.percentileMillis(50),
                        counting.latencies.percentileMillis(99));
        out.printf(
                Locale.ROOT,
                "%nrows offered     %,12d  (%,.0f/s)%nscores committed %,12d  (%,.0f/s while"
                        + " offered; the rest %.1f s after the last row; %d duplicates)%nlatency"
                        + "          p50 %,.0f ms, p99 %,.0f ms (row timestamp to readable"
                        + " read_committed)%n",
                r.offered(),
                r.offeredPerSecond(),
                r.committed(),
                r.committedPerSecond(),
                r.drainSeconds(),
                r.duplicates(),
                r.latencyP50Ms(),
                r.latencyP99Ms());
        return r;
    }

    /** Rows {@code 0..n-1}, random features, paced to the rate; returns how many were sent. */
    private long produce(String bootstrap, ScoreTopics topics) {
        java.util.Properties p = new java.util.Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long n = (long) (config.rate() * config.duration().toNanos() / 1e9);
        SplittableRandom random = new SplittableRandom(7);
        int width = config.model().inputWidth();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long i = 0; i < n; i++) {
                float[] row = new float[width];
                for (int j = 0; j < width; j++) {
                    row[j] = (float) random.nextGaussian();
                }
                String id = Long.toString(i);
                producer.send(
                        new ProducerRecord<>(
                                topics.features(),
                                id.getBytes(StandardCharsets.UTF_8),
                                RecordJson.featureRow(id, row)));
                long due = start + (long) (i * 1e9 / config.rate());
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
        return n;
    }

    private static List<TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> out = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(i -> out.add(new TopicPartition(topic, i.partition())));
        return out;
    }

    /** The committed scores seen so far: ids once each, latencies. */
    private static final class Counting {
        private final BitSet seen = new BitSet();
        private final LatencySamples latencies = new LatencySamples();
        private long duplicates;
        private long lastArrival;

        void poll(KafkaConsumer<byte[], byte[]> consumer) {
            var records = consumer.poll(Duration.ofMillis(100));
            long now = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                int id = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8));
                if (seen.get(id)) {
                    duplicates++;
                }
                seen.set(id);
                latencies.add((now - r.timestamp()) * 1_000_000L);
                lastArrival = System.nanoTime();
            }
        }

        long distinct() {
            return seen.cardinality();
        }
    }
}
