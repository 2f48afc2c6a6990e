package dev.streamlearn.jobs.soak;

import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.state.runtime.RuntimeSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A soak of a job (prequential, active or RL): a broker and a MiniCluster with two TaskManagers in
 * this JVM, the job's input (with bad records) produced at a fixed rate for a while, faults
 * injected on a schedule (a task failure, the loss of a TaskManager, a broker restart, a slow
 * sink), then every output read {@code read_committed} and counted against what went in: lost,
 * duplicated, dead letters, checkpoints, restores, the longest recovery, the heap and the RocksDB
 * folder over time.
 */
public final class Soak {

    /** The faults a soak can inject, in the order it injects them. */
    public enum Fault {
        /** A task throws (the job restarts from its last checkpoint). */
        TASK_FAILURE,
        /** A TaskManager stops (its slots and their state go), and a new one starts. */
        TASKMANAGER_LOSS,
        /**
         * The Kafka broker stops for 5 s and starts again on its port and log folder: sources,
         * sinks and open transactions lose their broker.
         */
        BROKER_RESTART,
        /** The predictions sink slows to 5 ms per record for 20 s: backpressure to the source. */
        SLOW_SINK
    }

    /** The jobs a soak can run. */
    public enum Job {
        /** The prequential job: SEA instances in, one prediction each. */
        PREQUENTIAL,
        /** The active-learning job, its label requests answered by a simulated labeller. */
        ACTIVE,
        /** The RL job: CartPole observations in, one action for each that continues an episode. */
        RL
    }

    /**
     * @param job the job soaked
     * @param duration how long records are produced
     * @param rate records per second
     * @param faultEvery time between two faults
     * @param faults the kinds injected, in turn
     * @param keys the stream keys and how long their models live
     * @param badEvery one bad record every this many records (0 for none)
     * @param checkpointInterval time between checkpoints
     * @param checkpoints how checkpoints pass backpressure
     * @param out the folder of checkpoints and temporary files
     * @param webPort the web UI's port, to watch the soak
     */
    public record Config(
            Job job,
            Duration duration,
            double rate,
            Duration faultEvery,
            List<Fault> faults,
            Keys keys,
            int badEvery,
            Duration checkpointInterval,
            CheckpointMode checkpoints,
            Path out,
            int webPort) {}

    /** How checkpoint barriers get through a backpressured job. */
    public enum CheckpointMode {
        /** Barriers queue behind the records in the buffers (Flink's default). */
        ALIGNED,
        /** Barriers overtake buffered records, which go into the checkpoint. */
        UNALIGNED,
        /** Aligned, with the in-flight buffers sized to about 1 s of throughput. */
        DEBLOAT
    }

    /**
     * A completed checkpoint: when it was triggered (seconds into the soak), how long it took end
     * to end, and the in-flight data it persisted (unaligned) or buffered during alignment.
     */
    public record CheckpointTiming(
            long id, double atSeconds, double seconds, long persistedBytes, long alignedBytes) {}

    /**
     * The stream keys of a soak.
     *
     * @param streams the number of feeds (SEA generators), each one key or a run of keys
     * @param recordsPerKey 0: each feed is one key for the whole soak; n: each feed moves to a new
     *     key every n records (distinct keys = records / n), so that keys come and go
     * @param idleTimeout a key's model unused this long is dropped from the heap and the state;
     *     null for never
     */
    public record Keys(int streams, int recordsPerKey, Duration idleTimeout) {
        /**
         * Distinct keys among {@code good} good records (a feed moves on to its next key after
         * {@code recordsPerKey} good ones; its bad records carry its current key).
         */
        public long distinct(long good) {
            return recordsPerKey == 0 ? streams : (good + recordsPerKey - 1) / recordsPerKey;
        }
    }

    /**
     * An injected fault, when (seconds into the soak), and how long until a checkpoint after it.
     */
    public record InjectedFault(Fault fault, double atSeconds, double recoverySeconds) {}

    /** What a fault acts on: the cluster, the broker, and the fault points inside the job. */
    private record Targets(MiniCluster flink, EmbeddedKafka kafka, Faults faults) {}

    /**
     * The heap, the models and the state on disk at one moment.
     *
     * @param heapMb heap in use now (live and garbage)
     * @param liveHeapMb heap in use after the last full collection (the soak asks for one a
     *     minute): what the heap holds that is reachable
     * @param cachedModels models held on the heap by the model operator (all subtasks)
     * @param cachedModelsMb their estimated size
     * @param expiredModels models dropped for the idle timeout since the job's last restore
     * @param evictedModels models written back to RocksDB and dropped from the heap for the cache's
     *     bound since the job's last restore (their state expires there with the idle timeout)
     */
    public record Sample(
            double seconds,
            double heapMb,
            double liveHeapMb,
            double rocksDbMb,
            double checkpointsMb,
            long cachedModels,
            double cachedModelsMb,
            long expiredModels,
            long evictedModels) {}

    /** How long a SLOW_SINK fault lasts. */
    static final int SLOW_SINK_SECONDS = 20;

    private final Config config;
    private final List<Integer> liveTaskManagers = new ArrayList<>(List.of(0, 1));
    private int startedTaskManagers = 2;

    public Soak(Config config) {
        this.config = config;
    }

    /** Runs the soak, printing live figures to {@code progress}, and counts what came out. */
    public SoakResult run(PrintStream progress) throws Exception {
        SoakedJob soaked = SoakedJob.of(config);
        Faults faults = new Faults();
        Configuration conf = configuration();
        MiniCluster flink =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(2)
                                // one slot each: the job (parallelism 2) runs on both, so every
                                // TaskManager lost takes some of its tasks with it
                                .setNumSlotsPerTaskManager(1)
                                .build());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, soaked.outline.all());
            flink.start();
            JobID job = submit(flink, conf, kafka.bootstrapServers(), soaked, faults);
            progress.printf(
                    "soak: %s job on 2 TaskManagers, %,.0f records/s for %s, %s; web UI"
                            + " on http://localhost:%d%n",
                    config.job().name().toLowerCase(Locale.ROOT),
                    config.rate(),
                    human(config.duration()),
                    config.faults().isEmpty()
                            ? "no faults"
                            : "a fault every " + human(config.faultEvery()) + " " + config.faults(),
                    config.webPort());
            SoakMonitor monitor =
                    new SoakMonitor(
                            kafka.bootstrapServers(),
                            soaked,
                            flink.getRestAddress().get(),
                            job,
                            config.out());
            awaitRunning(monitor, progress);
            monitor.startClock();
            try (monitor;
                    SoakFeed feed = soaked.feed(kafka.bootstrapServers())) {
                long started = System.nanoTime();
                List<InjectedFault> injected =
                        injectWhileFeeding(
                                feed, new Targets(flink, kafka, faults), job, monitor, progress);
                monitor.drain(feed, Duration.ofMinutes(5), progress);
                JobStatus status = flink.getJobStatus(job).get();
                // while the job runs: the REST API drops the metrics of a cancelled job
                monitor.sample((System.nanoTime() - started) / 1e9);
                flink.cancelJob(job).get(1, TimeUnit.MINUTES);
                return monitor.result(feed, injected, status);
            }
        } finally {
            faults.close();
            flink.closeAsync().get(2, TimeUnit.MINUTES);
        }
    }

    /** The runtime settings of every job, for the cluster and the job alike. */
    private Configuration configuration() {
        Configuration conf =
                RuntimeSettings.defaults()
                        .withCheckpointInterval(config.checkpointInterval())
                        .withCheckpointDir(config.out().resolve("checkpoints").toAbsolutePath())
                        .withTmpDir(config.out().resolve("tmp"))
                        .withRestarts(1_000, Duration.ofSeconds(1))
                        .toConfiguration();
        conf.set(
                CheckpointingOptions.ENABLE_UNALIGNED,
                config.checkpoints() == CheckpointMode.UNALIGNED);
        conf.set(
                TaskManagerOptions.BUFFER_DEBLOAT_ENABLED,
                config.checkpoints() == CheckpointMode.DEBLOAT);
        // the soak reads the model operator's metrics every 10 s: fresh ones, not 10 s old
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        // the checkpoint counts as they are: the REST API otherwise caches them for the web UI's
        // refresh interval (3 s), which held the start back by up to 3 s once the first checkpoint
        // had completed, and could take a checkpoint completed before a fault for one after it
        conf.set(RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT, Duration.ofMillis(100));
        conf.set(RestOptions.PORT, config.webPort());
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        return conf;
    }

    /** The job, with a failure point after its source and a slow point before a sink. */
    private JobID submit(
            MiniCluster flink,
            Configuration conf,
            String bootstrap,
            SoakedJob soaked,
            Faults faults)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        soaked.wire(env, bootstrap, faults);
        var graph = env.getStreamGraph();
        graph.setJobName("streamlearn-soak-" + config.job().name().toLowerCase(Locale.ROOT));
        return flink.submitJob(graph).get().getJobID();
    }

    /** 30m, 2m, 40s, 1m30s: as the options take them. */
    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /**
     * Waits until the job runs (its first checkpoint completed), so that records and faults start
     * on a job that is up, however long it took to start on a busy machine.
     */
    private static void awaitRunning(SoakMonitor monitor, PrintStream progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long giveUp = start + TimeUnit.MINUTES.toNanos(2);
        while (monitor.poll().checkpointsCompleted() == 0) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException(
                        "the job completed no checkpoint within 2 minutes of its start; see the log"
                                + " above");
            }
            Thread.sleep(100);
        }
        progress.printf(
                Locale.ROOT,
                "soak: the job runs (first checkpoint after %.1f s); producing%n",
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Injects the faults in turn while records are produced; each with its recovery time (until a
     * checkpoint completes after it took effect).
     */
    private List<InjectedFault> injectWhileFeeding(
            SoakFeed feed, Targets targets, JobID job, SoakMonitor monitor, PrintStream progress)
            throws Exception {
        List<InjectedFault> injected = new ArrayList<>();
        long start = System.nanoTime();
        long nextFault = config.faultEvery().toNanos();
        long nextPrint = 0;
        Fault pending = null;
        double pendingAt = 0;
        long checkpointsAtFault = 0;
        long giveUp = Long.MAX_VALUE; // a fault still pending when the records end: 2 min more
        while (feed.running() || (pending != null && System.nanoTime() - start < giveUp)) {
            Thread.sleep(250);
            long t = System.nanoTime() - start;
            if (!feed.running() && giveUp == Long.MAX_VALUE) {
                giveUp = t + TimeUnit.MINUTES.toNanos(2);
            }
            SoakMonitor.JobFigures now = monitor.poll();
            boolean running = targets.flink().getJobStatus(job).get() == JobStatus.RUNNING;
            if (pending != null
                    && running
                    && !targets.faults().failurePending()
                    && now.checkpointsCompleted() > checkpointsAtFault) {
                injected.add(new InjectedFault(pending, pendingAt, t / 1e9 - pendingAt));
                progress.printf(
                        Locale.ROOT,
                        "soak: recovered from %s in %.1f s%n",
                        pending,
                        t / 1e9 - pendingAt);
                pending = null;
            }
            if (pending == null && feed.running() && !config.faults().isEmpty() && t >= nextFault) {
                pending = config.faults().get(injected.size() % config.faults().size());
                pendingAt = t / 1e9;
                checkpointsAtFault = now.checkpointsCompleted();
                progress.printf(Locale.ROOT, "soak: [%5.0fs] injecting %s%n", pendingAt, pending);
                inject(pending, targets);
                nextFault = t + config.faultEvery().toNanos();
            }
            if (t >= nextPrint) {
                monitor.sample(t / 1e9);
                progress.println(monitor.line(t / 1e9));
                nextPrint = t + TimeUnit.SECONDS.toNanos(10);
            }
        }
        if (pending != null) {
            injected.add(new InjectedFault(pending, pendingAt, Double.NaN));
        }
        return injected;
    }

    private void inject(Fault fault, Targets targets) throws Exception {
        switch (fault) {
            case TASK_FAILURE -> targets.faults().failOnce();
            case TASKMANAGER_LOSS -> {
                // the MiniCluster numbers its TaskManagers by start, a stopped one keeps its number
                targets.flink()
                        .terminateTaskManager(liveTaskManagers.remove(0))
                        .get(1, TimeUnit.MINUTES);
                targets.flink().startTaskManager();
                liveTaskManagers.add(startedTaskManagers++);
            }
            case BROKER_RESTART -> targets.kafka().restartBroker(Duration.ofSeconds(5));
            case SLOW_SINK -> targets.faults().slowFor(SLOW_SINK_SECONDS, 5);
        }
    }
}
