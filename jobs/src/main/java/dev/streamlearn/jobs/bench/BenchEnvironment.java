package dev.streamlearn.jobs.bench;

import dev.streamlearn.state.runtime.RuntimeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The local Flink environment every benchmark runs in: the jobs' defaults, 1 s checkpoints. */
final class BenchEnvironment {
    private BenchEnvironment() {}

    /** A local environment with fresh checkpoint and temporary folders under {@code workDir}. */
    static StreamExecutionEnvironment create(Path workDir, int parallelism) throws IOException {
        return StreamExecutionEnvironment.createLocalEnvironment(
                parallelism, configuration(workDir));
    }

    /** The configuration of {@link #create}, to change before the environment is made. */
    static Configuration configuration(Path workDir) throws IOException {
        Path dir = Files.createDirectories(workDir);
        return RuntimeSettings.defaults()
                .withCheckpointInterval(Duration.ofSeconds(1))
                .withCheckpointDir(Files.createTempDirectory(dir, "checkpoints"))
                .withTmpDir(dir)
                .toConfiguration();
    }
}
