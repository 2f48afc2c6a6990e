package dev.streamlearn.jobs.migration;

import static org.awaitility.Awaitility.await;

import dev.streamlearn.state.runtime.RuntimeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a frozen case's job in the test's MiniCluster, fed phase by phase: the generator's run
 * before the savepoint, and the run restored from it (the generator's and the migration test's, the
 * same code). Parallelism 1 with a fixed max parallelism, so that every record of a topic goes
 * through one chain of subtasks in the order of the topic; checkpoints every 200 ms (a phase ends
 * with one); no restart, so that a failure fails the run at once instead of replaying.
 */
final class CaseRun implements AutoCloseable {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(200);
    static final int MAX_PARALLELISM = 128;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(CaseRun.class);

    private final FrozenCase frozen;
    private final String servers;
    private final Map<String, Long> from;
    private final JobClient job;

    private CaseRun(FrozenCase frozen, String servers, Map<String, Long> from, JobClient job) {
        this.frozen = frozen;
        this.servers = servers;
        this.from = from;
        this.job = job;
    }

    /**
     * The environment of a run: RocksDB and the project's runtime defaults, checkpoints under
     * {@code dir}, restored from {@code savepoint} when it is not null, with no state left
     * unclaimed (a uid that disappeared fails the restore).
     */
    static StreamExecutionEnvironment environment(Path dir, Path savepoint) {
        return environment(dir, savepoint, 1);
    }

    /** The environment of a run at another parallelism (a rescaled restore). */
    static StreamExecutionEnvironment environment(Path dir, Path savepoint, int parallelism) {
        Configuration conf =
                RuntimeSettings.defaults()
                        .withCheckpointInterval(CHECKPOINT_INTERVAL)
                        .withCheckpointDir(dir.resolve("checkpoints"))
                        .withRestarts(0, Duration.ofMillis(100))
                        .withTmpDir(dir.resolve("tmp"))
                        .toConfiguration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.setMaxParallelism(MAX_PARALLELISM);
        return env;
    }

    /**
     * Starts the case's job; its outputs are the records written from now on (after the current end
     * offsets of its output topics).
     */
    static CaseRun start(FrozenCase frozen, String servers, Path dir, Path savepoint)
            throws Exception {
        return start(frozen, servers, dir, savepoint, 1);
    }

    /** Starts the case's job at {@code parallelism}. */
    static CaseRun start(
            FrozenCase frozen, String servers, Path dir, Path savepoint, int parallelism)
            throws Exception {
        Map<String, Long> from = KafkaFeed.endOffsets(servers, frozen.outputTopics());
        StreamExecutionEnvironment env = environment(dir, savepoint, parallelism);
        frozen.wire(env, servers);
        return new CaseRun(frozen, servers, from, env.executeAsync(frozen.jobName()));
    }

    /**
     * Produces the records of a phase and returns once the job has processed them and committed
     * what they led to ({@link KafkaFeed#caughtUp}).
     */
    void feed(String phase, List<InputRecord> records) throws Exception {
        long start = System.nanoTime();
        Map<String, Long> last = KafkaFeed.produce(servers, records);
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        try (Admin admin = Admin.create(p)) {
            await(
                            frozen.name()
                                    + " committed the dead letters of the last records of phase "
                                    + phase
                                    + " (a phase must end with a bad record on each topic it writes)")
                    .atMost(PHASE_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> {
                                failIfEnded();
                                return KafkaFeed.caughtUp(
                                        servers,
                                        admin,
                                        frozen.deadLetterTopic(),
                                        last,
                                        frozen.outputTopics());
                            });
        }
        LOG.info(
                "{}: phase {} ({} records) processed and committed in {} ms",
                frozen.name(),
                phase,
                records.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void failIfEnded() throws Exception {
        JobStatus status = job.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
            // throws the job's failure, if it failed
            job.getJobExecutionResult().get();
            throw new IllegalStateException(frozen.jobName() + " ended early: " + status);
        }
    }

    /** Every record committed on the output topics since the start of this run. */
    List<OutputRecord> outputs() {
        List<OutputRecord> out = new ArrayList<>();
        for (String topic : frozen.outputTopics()) {
            for (var r : KafkaFeed.readCommitted(servers, topic, from.get(topic))) {
                out.add(OutputRecord.of(r));
            }
        }
        return out;
    }

    /** Stops the job with a savepoint in canonical format under {@code dir}; returns its folder. */
    Path stopWithSavepoint(Path dir) throws Exception {
        String location =
                job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        awaitEnd();
        return Path.of(URI.create(location));
    }

    @Override
    public void close() throws ExecutionException, TimeoutException {
        try {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling " + frozen.jobName(), e);
        }
        awaitEnd();
    }

    private void awaitEnd() {
        await(frozen.jobName() + " ended")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> job.getJobStatus().get().isGloballyTerminalState());
    }

    /** Copies the folder {@code from} (a savepoint) to {@code to}, which must not exist. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
