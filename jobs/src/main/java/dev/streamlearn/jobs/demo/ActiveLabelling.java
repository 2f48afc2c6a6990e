package dev.streamlearn.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.jobs.labeller.Labeller;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The demo's active learning: a {@link Labeller} on a thread of its own answers the active job's
 * label requests from the instances' ground truth, 0.5 to 3 s later; a {@link DemoMonitor} reads
 * the job's committed outputs for the live figures and the report.
 */
final class ActiveLabelling implements AutoCloseable {
    /** The active job's topics: it reads the demo's instances, the rest is its own. */
    static final Topics TOPICS =
            new Topics("instances", "al-predictions", "al-metrics", "al-dead-letters", "labels");

    static final String REQUESTS = "label-requests";

    private final Labeller labeller;
    private final DemoMonitor monitor;
    private final BackgroundTask task;

    private ActiveLabelling(Labeller labeller, DemoMonitor monitor, BooleanSupplier stop) {
        this.labeller = labeller;
        this.monitor = monitor;
        this.task = new BackgroundTask("demo-labeller", () -> labeller.run(stop));
    }

    static ActiveLabelling start(DemoKafka kafka, int webPort, BooleanSupplier stop) {
        String bootstrap = kafka.bootstrapServers();
        Labeller labeller =
                new Labeller(
                        Labeller.Options.defaults(bootstrap)
                                .withTopics(TOPICS.instances(), REQUESTS, TOPICS.labels()),
                        kafka.client());
        ActiveLabelling a =
                new ActiveLabelling(
                        labeller,
                        new DemoMonitor(bootstrap, kafka.client(), TOPICS, webPort),
                        stop);
        a.task.start();
        return a;
    }

    /** Reads the active job's outputs that arrived since the last call. */
    void poll() {
        monitor.poll(null);
    }

    Throwable failure() {
        return task.failure();
    }

    Labeller.Stats labellerStats() {
        return labeller.stats();
    }

    DemoMonitor monitor() {
        return monitor;
    }

    /** Labels asked for and learned, the share of instances asked for, and window accuracy. */
    String figures() {
        long requested = 0;
        long received = 0;
        long instances = 0;
        double accuracy = 0;
        for (Map.Entry<String, JsonNode> e : monitor.latestMetrics().entrySet()) {
            JsonNode m = e.getValue();
            requested += m.path("labels_requested").asLong();
            received += m.path("labels_received").asLong();
            instances += m.path("instances").asLong();
            accuracy += m.path("window_accuracy").asDouble();
        }
        int streams = monitor.latestMetrics().size();
        return String.format(
                Locale.ROOT,
                " | active: %,d labels asked (%.3f of instances), %,d learned, accuracy %.3f",
                requested,
                instances == 0 ? 0.0 : (double) requested / instances,
                received,
                streams == 0 ? 0.0 : accuracy / streams);
    }

    /** Waits for the labeller to stop. */
    void join(Duration timeout) throws InterruptedException {
        task.join(timeout);
    }

    @Override
    public void close() {
        labeller.close();
        monitor.close();
    }
}
