package dev.streamlearn.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.jobs.labeller.Labeller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's report: {@code demo-report.md} to read, {@code demo-report.json} for scripts and
 * {@code demo-accuracy.csv} with the windowed accuracy of each stream over time.
 */
final class DemoReport {
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
     * Writes the report.
     *
     * @param active the active-learning part, or null when the demo ran without it
     * @param tpp the point-process part, or null when the demo ran without it
     */
    Path write(
            double secs,
            long in,
            long bad,
            DemoMonitor monitor,
            ActiveLabelling active,
            TppSection tpp)
            throws IOException {
        Path dir = Files.createDirectories(config.out());
        Files.write(
                dir.resolve("demo-report.json"),
                Json.MAPPER
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(json(secs, in, bad, monitor, active, tpp)));
        Files.writeString(dir.resolve("demo-accuracy.csv"), csv, StandardCharsets.UTF_8);
        Path report = dir.resolve("demo-report.md");
        Files.writeString(
                report, markdown(secs, in, bad, monitor, active, tpp), StandardCharsets.UTF_8);
        return report;
    }

    /** {@code demo-report.json}: the totals, each stream's last metrics, the parts that ran. */
    private ObjectNode json(
            double secs,
            long in,
            long bad,
            DemoMonitor monitor,
            ActiveLabelling active,
            TppSection tpp) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("seconds", secs)
                .put("records_in", in)
                .put("bad_records_in", bad)
                .put("predictions", monitor.predictions())
                .put("dead_letters", monitor.deadLetters())
                .put("checkpoints", monitor.checkpoints())
                .put("kafka", bootstrap)
                .put("web_ui", "http://localhost:" + config.webPort());
        ObjectNode streams = json.putObject("streams");
        monitor.latestMetrics().forEach(streams::set);
        ArrayNode samples = json.putArray("dead_letter_samples");
        monitor.deadLetterSamples().forEach(d -> samples.add(d.path("error").asText()));
        if (active != null) {
            ObjectNode a = json.putObject("active");
            DemoMonitor m = active.monitor();
            Labeller.Stats l = active.labellerStats();
            a.put("budget", config.activeBudget())
                    .put("predictions", m.predictions())
                    .put("dead_letters", m.deadLetters())
                    .put("labeller_requests", l.requests())
                    .put("labeller_answers", l.answered());
            ObjectNode s = a.putObject("streams");
            m.latestMetrics().forEach(s::set);
        }
        if (tpp != null) {
            ArrayNode windows = json.putArray("tpp_windows");
            tpp.windows().forEach(windows::add);
        }
        return json;
    }

    /** {@code demo-report.md}: the same figures to read. */
    private StringBuilder markdown(
            double secs,
            long in,
            long bad,
            DemoMonitor monitor,
            ActiveLabelling active,
            TppSection tpp) {
        StringBuilder md = new StringBuilder("# Streamlearn demo report\n\n");
        md.append(
                String.format(
                        "Ran %.0f s against Kafka at %s; topics in `%s`, out `%s`, `%s`, `%s`.%n%n",
                        secs,
                        bootstrap,
                        topics.instances(),
                        topics.predictions(),
                        topics.metrics(),
                        topics.deadLetters()));
        md.append(
                "| records in | of them bad | predictions | dead letters | checkpoints |\n|---|---|---|---|---|\n");
        md.append(
                String.format(
                        "| %,d | %,d | %,d | %,d | %d |%n%n",
                        in,
                        bad,
                        monitor.predictions(),
                        monitor.deadLetters(),
                        monitor.checkpoints()));
        md.append(
                "| stream | instances | accuracy | window accuracy | kappa |\n|---|---|---|---|---|\n");
        monitor.latestMetrics()
                .forEach(
                        (s, m) ->
                                md.append(
                                        String.format(
                                                "| %s | %,d | %.4f | %.4f | %.4f |%n",
                                                s,
                                                m.path("instances").asLong(),
                                                m.path("accuracy").asDouble(),
                                                m.path("window_accuracy").asDouble(),
                                                m.path("kappa").asDouble())));
        md.append("\nDead letters (first few reasons):\n\n");
        monitor.deadLetterSamples()
                .forEach(d -> md.append("- ").append(d.path("error").asText()).append('\n'));
        if (active != null) {
            appendActive(md, active);
        }
        if (tpp != null) {
            appendTpp(md, tpp);
        }
        md.append("\nAccuracy over time: `demo-accuracy.csv`.\n");
        return md;
    }

    private static void appendTpp(StringBuilder md, TppSection tpp) {
        md.append(
                "\n## Event sequences (PromptTPP)\n\n| window | events | NLL per event | true"
                        + " process's | NLL, all scored events | model versions |\n"
                        + "|---|---|---|---|---|---|\n");
        int window = 0;
        for (JsonNode w : tpp.windows()) {
            window++;
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %,d | %.3f | %.3f | %.3f | %d-%d |%n",
                            window,
                            w.path("events").asLong(),
                            TppSection.nllWhereTruth(w),
                            TppSection.truthNll(w),
                            w.path("nll_per_event").asDouble(Double.NaN),
                            w.path("min_version").asLong(),
                            w.path("max_version").asLong()));
        }
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
                "| stream | instances | labels asked | spent ratio | learned | expired | window"
                        + " accuracy |\n|---|---|---|---|---|---|---|\n");
        m.latestMetrics()
                .forEach(
                        (s, r) ->
                                md.append(
                                        String.format(
                                                "| %s | %,d | %,d | %.4f | %,d | %,d | %.4f |%n",
                                                s,
                                                r.path("instances").asLong(),
                                                r.path("labels_requested").asLong(),
                                                r.path("spent_ratio").asDouble(),
                                                r.path("labels_received").asLong(),
                                                r.path("labels_expired").asLong(),
                                                r.path("window_accuracy").asDouble())));
    }
}
