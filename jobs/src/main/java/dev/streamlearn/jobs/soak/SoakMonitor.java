package dev.streamlearn.jobs.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.TopicReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What a soak watches: the committed outputs, read {@code read_committed} as they come (the input
 * each one answers marked in a bit set per series, so a second one is a duplicate and a missing one
 * is lost; each dead letter of the input by the offset of its record), the job's checkpoint counts
 * from the web UI's REST API, and the heap and state folders over time.
 */
final class SoakMonitor implements AutoCloseable {
    /** Samples are 10 s apart: the live heap is measured once a minute. */
    private static final int LIVE_HEAP_EVERY_SAMPLES = 6;

    /** The job's checkpoint counts. */
    record JobFigures(long checkpointsCompleted, long checkpointsFailed, long restored) {}

    private final SoakedJob soaked;
    private final URI rest;
    private final JobID job;
    private final Path out;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, BitSet> predicted = new HashMap<>();
    private final Set<Long> deadOrigins = new HashSet<>();
    private final List<Soak.Sample> samples = new ArrayList<>();
    private final Map<Long, Soak.CheckpointTiming> checkpoints = new TreeMap<>();
    private long startMillis = System.currentTimeMillis();
    private int sampled;
    private double liveHeapMb;
    private long outputs;
    private long duplicates;
    private long deadLetters;
    private long otherDeadLetters;
    private JobFigures last = new JobFigures(0, 0, 0);

    SoakMonitor(String bootstrap, SoakedJob soaked, URI rest, JobID job, Path out) {
        this.soaked = soaked;
        this.rest = rest;
        this.job = job;
        this.out = out;
        this.consumer = TopicReader.consumer(bootstrap, true);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String t : List.of(soaked.outline.outputs(), soaked.outline.deadLetters())) {
            consumer.partitionsFor(t, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** From now on, times are seconds since now: the moment the records start. */
    void startClock() {
        startMillis = System.currentTimeMillis();
    }

    /** Reads the outputs committed since the last call, and the job's checkpoint counts. */
    JobFigures poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            count(r);
        }
        try {
            JsonNode stats = get("/jobs/" + job + "/checkpoints");
            JsonNode counts = stats.path("counts");
            for (JsonNode c : stats.path("history")) {
                if (c.path("status").asText().equals("COMPLETED")
                        && !c.path("is_savepoint").asBoolean()) {
                    checkpoints.put(
                            c.path("id").asLong(),
                            new Soak.CheckpointTiming(
                                    c.path("id").asLong(),
                                    (c.path("trigger_timestamp").asLong() - startMillis) / 1000.0,
                                    c.path("end_to_end_duration").asLong() / 1000.0,
                                    c.path("persisted_data").asLong(),
                                    c.path("alignment_buffered").asLong()));
                }
            }
            last =
                    new JobFigures(
                            counts.path("completed").asLong(),
                            counts.path("failed").asLong(),
                            counts.path("restored").asLong());
        } catch (IOException e) {
            // the REST API answers again after the restart; keep the last figures meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return last;
    }

    private void count(ConsumerRecord<byte[], byte[]> r) {
        JsonNode v;
        try {
            v = Json.MAPPER.readTree(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException("the job wrote a record that is not JSON", e);
        }
        if (r.topic().equals(soaked.outline.deadLetters())) {
            if (!v.path("topic").asText().equals(soaked.outline.input())) {
                otherDeadLetters++; // a label the active job rejected: late, twice or unknown
                return;
            }
            deadLetters++;
            deadOrigins.add(
                    v.path("partition").asLong() * 1_000_000_000_000L + v.path("offset").asLong());
            return;
        }
        outputs++;
        String id = soaked.answered(v);
        int dash = id.lastIndexOf('-');
        BitSet seen = predicted.computeIfAbsent(id.substring(0, dash), k -> new BitSet());
        int n = Integer.parseInt(id.substring(dash + 1));
        if (seen.get(n)) {
            duplicates++;
        }
        seen.set(n);
    }

    /**
     * Reads until each record the feed sent to be answered has its output and each bad one its dead
     * letter, or {@code timeout} passes.
     */
    void drain(SoakFeed feed, Duration timeout, PrintStream progress) throws InterruptedException {
        progress.printf(
                "soak: %,d records sent; waiting for the last outputs to commit%n", feed.sent());
        long end = System.nanoTime() + timeout.toNanos();
        while ((distinctOutputs() < feed.expected() || deadOrigins.size() < feed.bad())
                && System.nanoTime() < end) {
            poll();
            Thread.sleep(200);
        }
        for (int i = 0; i < 10; i++) {
            poll(); // anything late, such as a duplicate, still counts
        }
    }

    long distinctOutputs() {
        return predicted.values().stream().mapToLong(BitSet::cardinality).sum();
    }

    /**
     * Records the heap, the model operator's cache and the state folders' sizes now; once a minute
     * it asks for a full garbage collection first and records what stays as the live heap (the heap
     * in use at a random moment holds garbage that G1 collects late).
     */
    void sample(double seconds) {
        if (sampled++ % LIVE_HEAP_EVERY_SAMPLES == 0) {
            System.gc();
            liveHeapMb = heapInUseMb();
        }
        Map<String, Double> models = modelMetrics();
        samples.add(
                new Soak.Sample(
                        seconds,
                        heapInUseMb(),
                        liveHeapMb,
                        size(out.resolve("tmp")) / 1048576.0,
                        size(out.resolve("checkpoints")) / 1048576.0,
                        models.getOrDefault("cachedModels", 0.0).longValue(),
                        models.getOrDefault("cachedBytes", 0.0) / 1048576.0,
                        models.getOrDefault("modelExpirations", 0.0).longValue(),
                        models.getOrDefault("modelEvictions", 0.0).longValue()));
    }

    private static double heapInUseMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    /**
     * The model operator's cache gauges and its expiration and eviction counters, summed over its
     * subtasks (through the REST API, as the web UI shows them); empty while the job restarts.
     */
    private Map<String, Double> modelMetrics() {
        Map<String, Double> out = new HashMap<>();
        try {
            String vertex = null;
            for (JsonNode v : get("/jobs/" + job).path("vertices")) {
                if (v.path("name").asText().startsWith(soaked.outline.modelUid())) {
                    vertex = v.path("id").asText();
                }
            }
            if (vertex == null) {
                return out;
            }
            String metrics = "/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : get(metrics)) {
                String id = m.path("id").asText();
                if (id.endsWith(".cachedModels")
                        || id.endsWith(".cachedBytes")
                        || id.endsWith(".modelExpirations")
                        || id.endsWith(".modelEvictions")) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                return out;
            }
            for (JsonNode m : get(metrics + "?agg=sum&get=" + String.join(",", ids))) {
                String id = m.path("id").asText();
                out.put(id.substring(id.lastIndexOf('.') + 1), m.path("sum").asDouble());
            }
        } catch (IOException e) {
            // the REST API answers again after the restart
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** The live line: committed outputs, checkpoints, restores, heap and state. */
    String line(double seconds) {
        Soak.Sample s =
                samples.isEmpty()
                        ? new Soak.Sample(0, 0, 0, 0, 0, 0, 0, 0, 0)
                        : samples.get(samples.size() - 1);
        return String.format(
                Locale.ROOT,
                "soak: [%5.0fs] %s %,d (duplicates %d) | dead letters %,d | checkpoints"
                        + " %d (failed %d) | restores %d | heap %.0f MB (live %.0f) | models"
                        + " cached %,d (%.1f MB), expired %,d | RocksDB %.1f MB",
                seconds,
                soaked.outline.outputNoun(),
                outputs,
                duplicates,
                deadLetters,
                last.checkpointsCompleted(),
                last.checkpointsFailed(),
                last.restored(),
                s.heapMb(),
                s.liveHeapMb(),
                s.cachedModels(),
                s.cachedModelsMb(),
                s.expiredModels(),
                s.rocksDbMb());
    }

    SoakResult result(SoakFeed feed, List<Soak.InjectedFault> faults, JobStatus status) {
        return new SoakResult(
                soaked.outline.outputNoun(),
                soaked.outline.exactlyOnce(),
                feed.sent(),
                feed.keys(),
                feed.expected(),
                outputs,
                feed.expected() - distinctOutputs(),
                duplicates + (deadLetters - deadOrigins.size()),
                feed.bad(),
                deadLetters,
                otherDeadLetters,
                last.checkpointsCompleted(),
                last.checkpointsFailed(),
                last.restored(),
                status.name(),
                faults,
                samples,
                List.copyOf(checkpoints.values()));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(rest.resolve(path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " for " + path);
        }
        return Json.MAPPER.readTree(r.body());
    }

    private static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            f -> {
                                try {
                                    return Files.size(f);
                                } catch (IOException gone) {
                                    return 0; // deleted while walking: a subsumed checkpoint
                                }
                            })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
