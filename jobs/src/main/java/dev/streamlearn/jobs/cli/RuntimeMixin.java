package dev.streamlearn.jobs.cli;

import dev.streamlearn.state.runtime.RuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
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
            names = "--from-savepoint",
            description =
                    "start from this savepoint or retained checkpoint (its local folder, or its"
                            + " _metadata file) instead of the newest one in --out; on a"
                            + " cluster, flink run -s does this")
    Path fromSavepoint;

    @Option(
            names = "--fresh",
            description =
                    "when run locally, start new models even if --out holds a state to resume"
                            + " (that state is moved aside, to checkpoints-before-<time>)")
    boolean fresh;

    @Option(
            names = "--web-port",
            defaultValue = "8081",
            description =
                    "port of the Flink web UI when the job runs locally (default: ${DEFAULT-VALUE})")
    int webPort;

    /** The state folder of a local run, null on a cluster (known after {@link #environment}). */
    StateFolder folder;

    /**
     * The environment: the cluster's when submitted with {@code flink run} (checkpoints where the
     * cluster or --checkpoint-dir says), otherwise a local MiniCluster that serves the web UI on
     * {@link #webPort}, keeps checkpoints, savepoints and temporary files under {@code localOut},
     * and resumes from the newest snapshot there unless --fresh. A snapshot made under other {@code
     * stateOptions} than these is refused.
     */
    StreamExecutionEnvironment environment(Path localOut, Map<String, String> stateOptions) {
        boolean local =
                StreamExecutionEnvironment.getExecutionEnvironment()
                        instanceof LocalStreamEnvironment;
        RuntimeSettings settings =
                RuntimeSettings.defaults().withCheckpointInterval(checkpointInterval);
        Path checkpoints =
                checkpointDir != null
                        ? checkpointDir.toAbsolutePath()
                        : local ? localOut.resolve("checkpoints").toAbsolutePath() : null;
        if (checkpoints != null) {
            settings = settings.withCheckpointDir(checkpoints);
        }
        if (local) {
            settings = settings.withTmpDir(localOut.resolve("tmp"));
            folder = new StateFolder(localOut, checkpoints);
        }
        Configuration conf = settings.toConfiguration();
        restore(conf, stateOptions);
        StreamExecutionEnvironment env;
        if (local) {
            conf.set(RestOptions.PORT, webPort);
            // the local web UI can cancel jobs and upload jars: this machine only
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
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

    /**
     * Sets the snapshot to start from: --from-savepoint, else (locally, without --fresh) the newest
     * in the state folder, which the job then owns (Flink deletes it once a newer checkpoint
     * subsumes it).
     */
    private void restore(Configuration conf, Map<String, String> stateOptions) {
        Path from = null;
        boolean own = false;
        if (fresh && fromSavepoint != null) {
            throw new IllegalArgumentException(
                    "--fresh starts new models and --from-savepoint restores some: give one");
        }
        if (fromSavepoint != null) {
            from = StateFolder.userSnapshot(fromSavepoint);
            StateFolder.checkOptions(from, stateOptions, "--from-savepoint", StateFolder.FRESH);
        } else if (folder != null && !fresh) {
            from = folder.newestSnapshot().orElse(null);
            own = from != null;
            if (own) {
                StateFolder.checkOptions(
                        from, stateOptions, "the newest snapshot in --out,", StateFolder.FRESH);
            }
        }
        if (from != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, from.toUri().toString());
            conf.set(
                    StateRecoveryOptions.RESTORE_MODE,
                    own ? RecoveryClaimMode.CLAIM : RecoveryClaimMode.NO_CLAIM);
            System.err.printf(
                    "resuming from %s%s%n", from, own ? " (--fresh starts new models)" : "");
        }
        if (folder != null && fresh && fromSavepoint == null) {
            folder.setAside();
        }
        if (folder != null) {
            folder.writeOptions(stateOptions);
        }
    }

    static Duration positive(Duration d, String option) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, got " + d);
        }
        return d;
    }
}
