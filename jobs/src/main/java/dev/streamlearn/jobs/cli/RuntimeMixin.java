package dev.streamlearn.jobs.cli;

import dev.streamlearn.state.runtime.RuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

/** The runtime options every job command shares, mapped to {@link RuntimeSettings} in one place. */
final class RuntimeMixin {

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "operator parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "5s",
            description =
                    "time between checkpoints; outputs commit at each (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(
            names = "--checkpoint-dir",
            description =
                    "where checkpoints go (default: the cluster's setting, or"
                            + " streamlearn-out/checkpoints when run locally)")
    Path checkpointDir;

    @Option(
            names = "--web-port",
            defaultValue = "8081",
            description =
                    "port of the Flink web UI when the job runs locally (default: ${DEFAULT-VALUE})")
    int webPort;

    RuntimeSettings settings(Path localOut) {
        RuntimeSettings s = RuntimeSettings.defaults().withCheckpointInterval(checkpointInterval);
        Path dir = checkpointDir != null ? checkpointDir : localOut.resolve("checkpoints");
        return s.withCheckpointDir(dir.toAbsolutePath()).withTmpDir(localOut.resolve("tmp"));
    }

    /**
     * The environment: the cluster's when submitted with {@code flink run}, otherwise a local
     * MiniCluster that serves the web UI on {@link #webPort}.
     */
    StreamExecutionEnvironment environment(Path localOut) {
        Configuration conf = settings(localOut).toConfiguration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (env instanceof LocalStreamEnvironment) {
            conf.set(RestOptions.PORT, webPort);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        }
        env.setParallelism(parallelism);
        return env;
    }

    static Duration positive(Duration d, String option) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, got " + d);
        }
        return d;
    }
}
