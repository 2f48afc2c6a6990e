package dev.streamlearn.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.jobs.bench.BenchTable;
import dev.streamlearn.jobs.labeller.Labeller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The demo's report: {@code demo-report.md} to read, {@code demo-report.json} for scripts and
 * {@code demo-accuracy.csv} with the windowed accuracy of each stream over time.
 */
final class DemoReport {
    /** One stream's latest metrics record, as a row of a table. */
    private record Stream(String name, JsonNode metrics) {
        static List<Stream> all(DemoMonitor monitor) {
            List<Stream> rows = new ArrayList<>();
            monitor.latestMetrics().forEach((name, m) -> rows.add(new Stream(name, m)));
            return rows;
        }

        long longOf(String field) {
            return metrics.path(field).asLong();
        }

        double doubleOf(String field) {
            return metrics.path(field).asDouble();
        }
    }

    private final Demo.Config config;
    private final String bootstrap;
    private final Topics topics;
    private final StringBuilder csv =
            new StringBuilder("seconds,stream,instances,accuracy,window_accuracy\n");

    DemoReport(Demo.Config config, String bootstrap, Topics topics) {
        this.config = config;
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    void sample(double secs, Map<String, JsonNode> metrics) {
        for (Map.Entry<String, JsonNode> e : metrics.entrySet()) {
            JsonNode m = e.getValue();
            csv.append(
                    String.format(
                            "%.0f,%s,%d,%.4f,%.4f%n",
                            secs,
                            e.getKey(),
                            m.path("instances").asLong(),
                            m.path("accuracy").asDouble(),
                            m.path("window_accuracy").asDouble()));
        }
    }

    /**
     * What the demo did, for its report.
     *
     * @param secs how long it ran
     * @param in records produced
     * @param bad of them bad on purpose
     * @param active the active-learning part, or null when the demo ran without it
     * @param tpp the point-process part, or null when the demo ran without it
     */
    record Run(
            double secs,
            long in,
            long bad,
            DemoMonitor monitor,
            ActiveLabelling active,
            TppSection tpp) {}

    /** Writes the report. */
    Path write(Run run) throws IOException {
        Path dir = Files.createDirectories(config.out());
        Files.write(
                dir.resolve("demo-report.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json(run)));
        Files.writeString(dir.resolve("demo-accuracy.csv"), csv, StandardCharsets.UTF_8);
        Path report = dir.resolve("demo-report.md");
        Files.writeString(report, markdown(run), StandardCharsets.UTF_8);
        return report;
    }

    /** {@code demo-report.json}: the totals, each stream's last metrics, the parts that ran. */
    private ObjectNode json(Run run) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("seconds", run.secs())
                .put("records_in", run.in())
                .put("bad_records_in", run.bad())
                .put("predictions", run.monitor().predictions())
                .put("dead_letters", run.monitor().deadLetters())
                .put("checkpoints", run.monitor().checkpoints())
                .put("kafka", bootstrap)
                .put("web_ui", "http://localhost:" + config.webPort());
        ObjectNode streams = json.putObject("streams");
        run.monitor().latestMetrics().forEach(streams::set);
        ArrayNode samples = json.putArray("dead_letter_samples");
        run.monitor().deadLetterSamples().forEach(d -> samples.add(d.path("error").asText()));
        if (run.active() != null) {
            ObjectNode a = json.putObject("active");
            DemoMonitor m = run.active().monitor();
            Labeller.Stats l = run.active().labellerStats();
            a.put("budget", config.activeBudget())
                    .put("predictions", m.predictions())
                    .put("dead_letters", m.deadLetters())
                    .put("labeller_requests", l.requests())
                    .put("labeller_answers", l.answered());
            ObjectNode s = a.putObject("streams");
            m.latestMetrics().forEach(s::set);
        }
        if (run.tpp() != null) {
            ArrayNode windows = json.putArray("tpp_windows");
            run.tpp().windows().forEach(windows::add);
        }
        return json;
    }

    /** {@code demo-report.md}: the same figures to read. */
    private StringBuilder markdown(Run run) {
        StringBuilder md = new StringBuilder("# Streamlearn demo report\n\n");
        md.append(
                String.format(
                        "Ran %.0f s against Kafka at %s; topics in `%s`, out `%s`, `%s`, `%s`.%n%n",
                        run.secs(),
                        bootstrap,
                        topics.instances(),
                        topics.predictions(),
                        topics.metrics(),
                        topics.deadLetters()));
        md.append(
                        BenchTable.of("records in", (Run r) -> String.format("%,d", r.in()))
                                .column("of them bad", "%,d", Run::bad)
                                .column("predictions", "%,d", r -> r.monitor().predictions())
                                .column("dead letters", "%,d", r -> r.monitor().deadLetters())
                                .column("checkpoints", "%d", r -> r.monitor().checkpoints())
                                .markdown(List.of(run)))
                .append('\n');
        md.append(
                BenchTable.of("stream", Stream::name)
                        .column("instances", "%,d", s -> s.longOf("instances"))
                        .column("accuracy", "%.4f", s -> s.doubleOf("accuracy"))
                        .column("window accuracy", "%.4f", s -> s.doubleOf("window_accuracy"))
                        .column("kappa", "%.4f", s -> s.doubleOf("kappa"))
                        .markdown(Stream.all(run.monitor())));
        md.append("\nDead letters (first few reasons):\n\n");
        run.monitor()
                .deadLetterSamples()
                .forEach(d -> md.append("- ").append(d.path("error").asText()).append('\n'));
        if (run.active() != null) {
            appendActive(md, run.active());
        }
        if (run.tpp() != null) {
            appendTpp(md, run.tpp());
        }
        md.append("\nAccuracy over time: `demo-accuracy.csv`.\n");
        return md;
    }

    private static void appendTpp(StringBuilder md, TppSection tpp) {
        List<JsonNode> w = tpp.windows();
        md.append("\n## Event sequences (PromptTPP)\n\n")
                .append(
                        BenchTable.<Integer>of("window", i -> Integer.toString(i + 1))
                                .column("events", "%,d", i -> w.get(i).path("events").asLong())
                                .column(
                                        "NLL per event",
                                        "%.3f",
                                        i -> TppSection.nllWhereTruth(w.get(i)))
                                .column(
                                        "true process's",
                                        "%.3f",
                                        i -> TppSection.truthNll(w.get(i)))
                                .column(
                                        "NLL, all scored events",
                                        "%.3f",
                                        i -> w.get(i).path("nll_per_event").asDouble(Double.NaN))
                                .text(
                                        "model versions",
                                        i ->
                                                w.get(i).path("min_version").asLong()
                                                        + "-"
                                                        + w.get(i).path("max_version").asLong())
                                .markdown(IntStream.range(0, w.size()).boxed().toList()));
        md.append(
                "\nThe model's NLL and the true process's are on the same events, those with a"
                        + " truth. All scored events also count each entity's first event of a"
                        + " regime, which the generator starts afresh while the job's history goes"
                        + " on (after `--resume`, across the whole pause). Chart:"
                        + " `demo-tpp.png`.\n");
    }

    private void appendActive(StringBuilder md, ActiveLabelling active) {
        DemoMonitor m = active.monitor();
        Labeller.Stats l = active.labellerStats();
        md.append(
                String.format(
                        "%n## Active learning%n%nBudget %.2f labels per instance; %,d predictions,"
                                + " %,d dead letters; the labeller read %,d requests and sent %,d"
                                + " answers.%n%n",
                        config.activeBudget(),
                        m.predictions(),
                        m.deadLetters(),
                        l.requests(),
                        l.answered()));
        md.append(
                BenchTable.of("stream", Stream::name)
                        .column("instances", "%,d", s -> s.longOf("instances"))
                        .column("labels asked", "%,d", s -> s.longOf("labels_requested"))
                        .column("spent ratio", "%.4f", s -> s.doubleOf("spent_ratio"))
                        .column("learned", "%,d", s -> s.longOf("labels_received"))
                        .column("expired", "%,d", s -> s.longOf("labels_expired"))
                        .column("window accuracy", "%.4f", s -> s.doubleOf("window_accuracy"))
                        .markdown(Stream.all(m)));
    }
}
