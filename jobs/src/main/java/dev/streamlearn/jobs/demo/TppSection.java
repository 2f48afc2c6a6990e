package dev.streamlearn.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.jobs.TppJob;
import dev.streamlearn.jobs.TppTopics;
import dev.streamlearn.jobs.bench.LineChart;
import dev.streamlearn.jobs.produce.HawkesEvents;
import dev.streamlearn.jobs.produce.TppEventWriter;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's event-sequence part: entities whose Hawkes regimes change (A, B, A, C, then again with
 * fresh draws), their events written as they happen in event time, scored and learnt by the
 * point-process job (PromptTPP); its per-window metrics give the live NLL against the truth and the
 * model version, and a chart at the end.
 */
final class TppSection {
    static final TppTopics TOPICS =
            new TppTopics(
                    "tpp-events", "tpp-scores", "tpp-metrics", "tpp-models", "tpp-dead-letters");
    private static final List<String> TYPES = List.of("k0", "k1", "k2");

    /** Event time per training window; two windows per regime. */
    static final long WINDOW_MILLIS = 15_000;

    private static final int WINDOWS_PER_REGIME = 2;

    private final BackgroundTask feeder;
    private final KafkaConsumer<byte[], byte[]> metrics;
    private final List<JsonNode> windows = new ArrayList<>();

    private TppSection(DemoKafka kafka, int entities, BooleanSupplier stop) {
        this.feeder = new BackgroundTask("demo-tpp-events", () -> feed(kafka, entities, stop));
        this.metrics = TopicReader.consumer(kafka.bootstrapServers(), kafka.client(), true);
        List<TopicPartition> partitions = new ArrayList<>();
        metrics.partitionsFor(TOPICS.metrics())
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        metrics.assign(partitions);
        metrics.seekToEnd(partitions); // a resumed demo's earlier windows are not this run's
    }

    /** The job's model: the prompt pool, 15 s windows, short histories and trainings. */
    static OnlineTppConfig model() {
        return OnlineTppConfig.defaults(TYPES.size(), true, 2026)
                .withWindow(WINDOW_MILLIS, 0)
                .withHistoryLength(16)
                .withEpochs(2)
                .withMaxSequences(100);
    }

    /** The point-process job's pipeline, in the demo's job graph at parallelism 1. */
    static void wire(StreamExecutionEnvironment env, String bootstrap, ClientProperties client) {
        TppJob.wire(
                env,
                TppJob.Options.builder(bootstrap, TYPES)
                        .topics(TOPICS)
                        .model(model())
                        .ids("streamlearn-demo-tpp", "streamlearn-demo-tpp")
                        .kafka(client)
                        .startFrom(KafkaSources.StartFrom.EARLIEST)
                        .build());
    }

    /** Starts writing the events of {@code entities} entities. */
    static TppSection start(DemoKafka kafka, int entities, BooleanSupplier stop) {
        TppSection s = new TppSection(kafka, entities, stop);
        s.feeder.start();
        return s;
    }

    /**
     * Cycles of the regime stream, each event written when its time comes: event time is the
     * clock's, so that windows close as the demo runs. The draws are seeded by the window the feed
     * starts at, so a resumed demo draws new sequences instead of replaying those of the demo
     * before it, which its model has learnt from.
     */
    private static void feed(DemoKafka kafka, int entities, BooleanSupplier stop) {
        long cycleMillis = 4L * WINDOWS_PER_REGIME * WINDOW_MILLIS;
        long start = System.currentTimeMillis() / WINDOW_MILLIS * WINDOW_MILLIS + WINDOW_MILLIS;
        long seed = 2026 + start / WINDOW_MILLIS * 7919;
        try (TppEventWriter writer =
                new TppEventWriter(
                        kafka.client().withBootstrap(kafka.bootstrapServers()),
                        TOPICS.events(),
                        TYPES)) {
            for (int cycle = 0; !stop.getAsBoolean(); cycle++) {
                List<TppEvent> events =
                        HawkesEvents.generate(
                                new HawkesEvents.Config(
                                        HawkesEvents.Kind.REGIMES,
                                        entities,
                                        WINDOW_MILLIS / 1000.0,
                                        WINDOWS_PER_REGIME,
                                        start,
                                        seed + cycle));
                for (int i = 0; i < events.size() && !stop.getAsBoolean(); sleep(100)) {
                    long now = System.currentTimeMillis();
                    for (; i < events.size() && events.get(i).ts() <= now; i++) {
                        writer.send(events.get(i));
                    }
                    writer.flush();
                }
                start += cycleMillis;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing events", e);
        }
    }

    Throwable failure() {
        return feeder.failure();
    }

    /** Reads the windows' metrics committed since the last poll. */
    void poll() {
        metrics.poll(Duration.ofMillis(50)).forEach(r -> windows.add(parse(r.value())));
    }

    private static JsonNode parse(byte[] value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("a tpp-metrics record is not JSON", e);
        }
    }

    /** The windows' metrics records read so far, oldest first. */
    List<JsonNode> windows() {
        return List.copyOf(windows);
    }

    /** The newest window's figures for the demo's line. */
    String figures() {
        if (windows.isEmpty()) {
            return " | tpp: first window in progress";
        }
        JsonNode w = windows.get(windows.size() - 1);
        return String.format(
                Locale.ROOT,
                " | tpp: %d windows, NLL %.2f (truth %.2f), model v%d",
                windows.size(),
                nllWhereTruth(w),
                truthNll(w),
                w.path("max_version").asLong());
    }

    /**
     * The model's NLL per event on the events the truth scores: the truth's minus the gap (the
     * model's log-likelihood minus the truth's on those events). The window's {@code nll_per_event}
     * also counts the events without a truth: each entity's first event of a regime, whose
     * generator starts a new sequence there while the job's history of the entity goes on; after
     * {@code --resume} that event comes after the whole pause, which the model scores as the long
     * silence it is (60 to 110 nats each in two resumed demos, estimated from their windows'
     * figures), the truth not at all.
     */
    static double nllWhereTruth(JsonNode window) {
        return truthNll(window) - window.path("gap_to_truth").asDouble(Double.NaN);
    }

    static double truthNll(JsonNode window) {
        return window.path("truth_nll_per_event").asDouble(Double.NaN);
    }

    /** Stops the events and draws NLL against the truth per window into {@code out}. */
    void finish(Path out, PrintStream console) throws IOException, InterruptedException {
        feeder.join(Duration.ofSeconds(10));
        poll();
        metrics.close();
        if (windows.isEmpty()) {
            return;
        }
        double[] x = new double[windows.size()];
        double[] nll = new double[x.length];
        double[] truth = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            nll[i] = nllWhereTruth(windows.get(i));
            truth[i] = truthNll(windows.get(i));
        }
        Path png = Files.createDirectories(out).resolve("demo-tpp.png");
        new LineChart(
                        "PromptTPP in Flink: NLL per event with a truth, 15 s windows, regimes"
                                + " A, B, A, C",
                        "window",
                        "NLL per event (nats)")
                .series("model", x, nll)
                .series("true process", x, truth)
                .writePng(png, 900, 450);
        console.printf(
                Locale.ROOT,
                "TPP: %d windows scored; last NLL %.3f against the truth's %.3f on the same"
                        + " events; chart: %s%n",
                windows.size(),
                nll[nll.length - 1],
                truth[truth.length - 1],
                png);
    }
}
