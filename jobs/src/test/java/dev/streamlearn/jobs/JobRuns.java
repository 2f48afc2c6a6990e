package dev.streamlearn.jobs;

import static org.awaitility.Awaitility.await;

import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.state.runtime.RuntimeSettings;
import dev.streamlearn.state.savepoint.SavepointInspector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the job tests do around a run: its settings, waiting for outputs, the final savepoint. */
final class JobRuns {
    private JobRuns() {}

    /** RocksDB, 1 s checkpoints and temporary files under {@code dir}, 3 restarts 0.5 s apart. */
    static Configuration settings(Path dir) {
        return RuntimeSettings.defaults()
                .withCheckpointInterval(Duration.ofSeconds(1))
                .withCheckpointDir(dir.resolve("checkpoints"))
                .withRestarts(3, Duration.ofMillis(500))
                .withTmpDir(dir.resolve("tmp"))
                .toConfiguration();
    }

    /** Waits until {@code topic} holds at least {@code n} committed records. */
    static void awaitCommitted(String bootstrap, String topic, long n) {
        await(n + " records committed to " + topic)
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () ->
                                TopicReader.readToEnd(
                                                        bootstrap,
                                                        topic,
                                                        true,
                                                        Duration.ofSeconds(30))
                                                .size()
                                        >= n);
    }

    /**
     * Waits until the consumer {@code group} has committed the end offset of every partition of
     * {@code topic}. A Flink Kafka source commits its offsets when a checkpoint completes, so from
     * then on every record of the topic is in the job's state, and in any savepoint taken after.
     */
    static void awaitConsumedToTheEnd(Properties client, String group, String topic) {
        await(group + " read " + topic + " to its end")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> consumedToTheEnd(client, group, topic));
    }

    private static boolean consumedToTheEnd(Properties client, String group, String topic)
            throws Exception {
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var p :
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()) {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (c == null || c.offset() < e.getValue().offset()) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Stops the job with a savepoint under {@code dir} and returns its folder; while the job
     * restarts after an injected failure (its tasks not all running), Awaitility tries again.
     */
    static Path stopWithSavepoint(JobClient job, Path dir) {
        String savepoints = dir.resolve("savepoints").toUri().toString();
        AtomicReference<String> path = new AtomicReference<>();
        await("a savepoint, once every task runs again")
                .atMost(Duration.ofMinutes(2))
                // the first try at once (Awaitility waits one interval before it otherwise)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsMatching(JobRuns::restarting)
                .until(
                        () -> {
                            path.set(
                                    job.stopWithSavepoint(
                                                    false,
                                                    savepoints,
                                                    SavepointFormatType.CANONICAL)
                                            .get(2, TimeUnit.MINUTES));
                            return true;
                        });
        return Path.of(URI.create(path.get()));
    }

    private static boolean restarting(Throwable e) {
        return String.valueOf(e.getMessage())
                .toLowerCase(Locale.ROOT)
                .contains("not all required tasks are currently running");
    }

    /** The model bytes of every key of the operator {@code uid} in {@code savepoint}. */
    static Map<String, byte[]> models(Path savepoint, String uid) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        for (var m : SavepointInspector.open(savepoint).models(uid)) {
            out.put(m.key(), m.bytes());
        }
        return out;
    }
}
