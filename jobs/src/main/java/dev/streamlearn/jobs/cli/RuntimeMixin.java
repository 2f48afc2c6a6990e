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
            description =
                    "operator parallelism (default: 2 when run locally; on a cluster, flink run's"
                            + " -p or the cluster's default)")
    Integer parallelism;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "5s",
            description =
                    "time between checkpoints; outputs commit at each (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(
            names = "--checkpoint-dir",
            description =
                    "where checkpoints go (default: the cluster's setting, or <--out>/checkpoints"
                            + " when run locally)")
    Path checkpointDir;

    @Option(
            names = "--web-port",
            defaultValue = "8081",
            description =
                    "port of the Flink web UI when the job runs locally (default: ${DEFAULT-VALUE})")
    int webPort;

    /**
     * The environment: the cluster's when submitted with {@code flink run} (checkpoints where the
     * cluster or --checkpoint-dir says), otherwise a local MiniCluster that serves the web UI on
     * {@link #webPort} and keeps checkpoints and temporary files under {@code localOut}.
     */
    StreamExecutionEnvironment environment(Path localOut) {
        boolean local =
                StreamExecutionEnvironment.getExecutionEnvironment()
                        instanceof LocalStreamEnvironment;
        RuntimeSettings settings =
                RuntimeSettings.defaults().withCheckpointInterval(checkpointInterval);
        if (checkpointDir != null) {
            settings = settings.withCheckpointDir(checkpointDir.toAbsolutePath());
        } else if (local) {
            settings = settings.withCheckpointDir(localOut.resolve("checkpoints").toAbsolutePath());
        }
        if (local) {
            settings = settings.withTmpDir(localOut.resolve("tmp"));
        }
        Configuration conf = settings.toConfiguration();
        StreamExecutionEnvironment env;
        if (local) {
            conf.set(RestOptions.PORT, webPort);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        }
        if (parallelism != null) {
            env.setParallelism(parallelism);
        } else if (local) {
            env.setParallelism(2);
        }
        return env;
    }

    static Duration positive(Duration d, String option) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, got " + d);
        }
        return d;
    }
}
