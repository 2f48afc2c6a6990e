package dev.streamlearn.state.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * The runtime defaults every Streamlearn job uses, in one place: RocksDB with incremental
 * checkpoints, exactly-once checkpoints at a fixed interval, a bounded restart strategy, no Kryo
 * fallback, temporary files under a chosen folder.
 *
 * <pre>{@code
 * Configuration conf = RuntimeSettings.defaults()
 *         .withCheckpointDir(Path.of("/var/streamlearn/checkpoints"))
 *         .toConfiguration();
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
 * }</pre>
 *
 * @param checkpointInterval time between checkpoints; also how often exactly-once output commits
 * @param checkpointDir where checkpoints go; null keeps Flink's (or the cluster's) setting
 * @param restartAttempts restarts allowed before the job fails (fixed-delay strategy)
 * @param restartDelay delay between restarts
 * @param tmpDir folder for Flink's temporary files; null keeps the JVM's temp folder
 * @param managedMemoryFraction share of TaskManager memory given to RocksDB
 */
public record RuntimeSettings(
        Duration checkpointInterval,
        Path checkpointDir,
        int restartAttempts,
        Duration restartDelay,
        Path tmpDir,
        float managedMemoryFraction) {

    public RuntimeSettings {
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(restartDelay, "restartDelay");
        if (checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "checkpoint interval must be at least 10ms, got " + checkpointInterval);
        }
        if (restartAttempts < 0) {
            throw new IllegalArgumentException(
                    "restart attempts must be 0 or more, got " + restartAttempts);
        }
        if (!(managedMemoryFraction > 0 && managedMemoryFraction < 1)) {
            throw new IllegalArgumentException(
                    "managed memory fraction must be in (0, 1), got " + managedMemoryFraction);
        }
    }

    /** 5 s checkpoints, 3 restarts 2 s apart, 40% managed memory. */
    public static RuntimeSettings defaults() {
        return new RuntimeSettings(
                Duration.ofSeconds(5), null, 3, Duration.ofSeconds(2), null, 0.4f);
    }

    public RuntimeSettings withCheckpointInterval(Duration interval) {
        return new RuntimeSettings(
                interval,
                checkpointDir,
                restartAttempts,
                restartDelay,
                tmpDir,
                managedMemoryFraction);
    }

    public RuntimeSettings withCheckpointDir(Path dir) {
        return new RuntimeSettings(
                checkpointInterval,
                dir,
                restartAttempts,
                restartDelay,
                tmpDir,
                managedMemoryFraction);
    }

    public RuntimeSettings withRestarts(int attempts, Duration delay) {
        return new RuntimeSettings(
                checkpointInterval, checkpointDir, attempts, delay, tmpDir, managedMemoryFraction);
    }

    public RuntimeSettings withTmpDir(Path dir) {
        return new RuntimeSettings(
                checkpointInterval,
                checkpointDir,
                restartAttempts,
                restartDelay,
                dir,
                managedMemoryFraction);
    }

    /** The Flink configuration for these settings. */
    public Configuration toConfiguration() {
        Configuration conf = new Configuration();
        applyTo(conf);
        return conf;
    }

    /** Writes these settings into an existing configuration. */
    public void applyTo(Configuration conf) {
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, restartDelay);
        // Every state and record type has an explicit serializer; a Kryo fallback is a bug.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Chained operators hand records over without a defensive copy; Streamlearn's functions
        // never keep or change a record after emitting it.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_FRACTION, managedMemoryFraction);
        if (tmpDir != null) {
            conf.set(CoreOptions.TMP_DIRS, tmpDir.toAbsolutePath().toString());
        }
    }
}
