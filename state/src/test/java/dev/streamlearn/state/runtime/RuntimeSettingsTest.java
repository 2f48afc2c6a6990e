package dev.streamlearn.state.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {

    @Test
    void defaultsGiveRocksDbIncrementalExactlyOnceAndBoundedRestarts() {
        Configuration conf = RuntimeSettings.defaults().toConfiguration();

        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS))
                .isEqualTo(3);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(conf.get(TaskManagerOptions.MANAGED_MEMORY_FRACTION)).isEqualTo(0.4f);
        assertThat(conf.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isFalse();
        assertThat(conf.contains(CoreOptions.TMP_DIRS)).isFalse();
    }

    @Test
    void withersSetIntervalRestartsAndFolders(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path checkpoints = dir.resolve("checkpoints");
        Path tmp = dir.resolve("tmp");
        Configuration conf =
                RuntimeSettings.defaults()
                        .withCheckpointInterval(Duration.ofMillis(250))
                        .withRestarts(7, Duration.ofMillis(100))
                        .withCheckpointDir(checkpoints)
                        .withTmpDir(tmp)
                        .toConfiguration();

        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS))
                .isEqualTo(7);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(checkpoints.toUri().toString());
        assertThat(conf.get(CoreOptions.TMP_DIRS)).isEqualTo(tmp.toAbsolutePath().toString());
    }

    @Test
    void applyToKeepsOtherSettings() {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 3);
        RuntimeSettings.defaults().applyTo(conf);
        assertThat(conf.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(3);
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    }

    @Test
    void withersDoNotChangeTheOriginal() {
        RuntimeSettings defaults = RuntimeSettings.defaults();
        defaults.withCheckpointInterval(Duration.ofSeconds(1));
        assertThat(defaults).isEqualTo(RuntimeSettings.defaults());
    }

    @Test
    void rejectsAnIntervalUnderTenMillis() {
        assertThatThrownBy(
                        () ->
                                RuntimeSettings.defaults()
                                        .withCheckpointInterval(Duration.ofMillis(9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkpoint interval must be at least 10ms")
                .hasMessageContaining("PT0.009S");
    }

    @Test
    void rejectsNegativeRestartAttempts() {
        assertThatThrownBy(() -> RuntimeSettings.defaults().withRestarts(-1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restart attempts must be 0 or more, got -1");
    }

    @Test
    void acceptsZeroRestartAttempts() {
        assertThat(
                        RuntimeSettings.defaults()
                                .withRestarts(0, Duration.ZERO)
                                .toConfiguration()
                                .get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS))
                .isZero();
    }

    @Test
    void rejectsAManagedMemoryFractionOutsideZeroToOne() {
        for (float bad : new float[] {0f, 1f, -0.1f, Float.NaN}) {
            assertThatThrownBy(
                            () ->
                                    new RuntimeSettings(
                                            Duration.ofSeconds(1),
                                            null,
                                            1,
                                            Duration.ZERO,
                                            null,
                                            bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("managed memory fraction must be in (0, 1), got " + bad);
        }
    }

    @Test
    void rejectsMissingDurationsNamingTheField() {
        assertThatThrownBy(() -> new RuntimeSettings(null, null, 1, Duration.ZERO, null, 0.4f))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("checkpointInterval");
        assertThatThrownBy(() -> RuntimeSettings.defaults().withRestarts(1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("restartDelay");
    }
}
