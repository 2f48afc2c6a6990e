package dev.streamlearn.jobs.cli;

import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.jobs.JobOptionsBuilder;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every {@code run} subcommand shares: Kafka, the job's name (its consumer group and
 * transactional-id prefix), the start position, the record limit, the exactly-once sinks'
 * transaction timeouts, the model cache and the runtime; mapped to the job's options builder in
 * {@link #applyTo} and to its environment in {@link #environment}.
 */
final class JobMixin {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin KafkaMixin kafka;

    @Option(
            names = "--job-name",
            description =
                    "job name; also the consumer group and the transactional id prefix of its"
                            + " sinks, so it must be unique per running job (default:"
                            + " streamlearn-prequential for run prequential and run driftmoe,"
                            + " streamlearn-active, streamlearn-rl, streamlearn-score,"
                            + " streamlearn-tpp)")
    String jobName;

    @Option(
            names = "--start-from",
            defaultValue = "COMMITTED",
            description =
                    "without a checkpoint, read from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    KafkaSources.StartFrom startFrom;

    @Option(
            names = "--max-record-bytes",
            defaultValue = "1048576",
            description = "larger records go to the dead-letter topic (default: ${DEFAULT-VALUE})")
    int maxRecordBytes;

    @Option(
            names = "--max-cached-models",
            defaultValue = "10000",
            description =
                    "per-key models (classifiers, active learners, agents) kept on the heap per"
                            + " subtask; the others wait in RocksDB (default: ${DEFAULT-VALUE})")
    int maxCachedModels;

    @Option(
            names = "--idle-timeout",
            description =
                    "drop the model of a key unused this long, e.g. 7d or 12h (default: keep"
                            + " forever; run tpp: an entity's history, 7d)")
    Duration idleTimeout;

    @Option(
            names = "--transaction-timeout",
            defaultValue = "10m",
            description =
                    "Kafka transaction timeout of the exactly-once sinks; after a failure the"
                            + " job must be back within it or that checkpoint's output is lost"
                            + " (default: ${DEFAULT-VALUE})")
    Duration transactionTimeout;

    @Option(
            names = "--broker-max-transaction-timeout",
            defaultValue = "15m",
            description =
                    "the brokers' transaction.max.timeout.ms; raise it on the brokers first to"
                            + " allow a longer --transaction-timeout (default: ${DEFAULT-VALUE})")
    Duration brokerMaxTransactionTimeout;

    @Option(
            names = "--out",
            defaultValue = "streamlearn-out",
            description =
                    "local folder for checkpoints, savepoints and temporary files; a new start"
                            + " of the same command resumes from the newest state in it"
                            + " (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin RuntimeMixin runtime;

    String bootstrapServers() {
        return kafka.bootstrapServers;
    }

    /** The client properties of the cluster, with the bootstrap servers. */
    java.util.Properties kafkaProperties() {
        return kafka.client().withBootstrap(kafka.bootstrapServers);
    }

    /** The --job-name, or the job's default name. */
    String name(String defaultName) {
        return jobName != null ? jobName : defaultName;
    }

    /** Sets everything these options say on a job's options builder. */
    <B extends JobOptionsBuilder<B>> B applyTo(B builder, String name) {
        return builder.kafka(kafka.client())
                .ids(name, name)
                .maxRecordBytes(maxRecordBytes)
                .startFrom(startFrom)
                .models(
                        KeyedModelOptions.defaults()
                                .withMaxCachedModels(maxCachedModels)
                                .withIdleTimeout(idleTimeout))
                .transactionTimeout(transactionTimeout, brokerMaxTransactionTimeout);
    }

    /**
     * The job's environment: local with the web UI (resuming from the state in --out), or the
     * cluster's under flink run; first, Kafka must answer with the client properties given. {@code
     * stateOptions} name the options that shape the models (with the job name, they must match
     * those of the state resumed).
     */
    StreamExecutionEnvironment environment(String name, String... stateOptions) {
        kafka.check();
        Map<String, String> shaping = new TreeMap<>();
        shaping.put("--job-name", name);
        for (String option : stateOptions) {
            OptionSpec o = command.findOption(option);
            if (o == null) {
                throw new IllegalArgumentException("no option " + option + " in " + command.name());
            }
            List<String> given = o.originalStringValues();
            shaping.put(option, given.isEmpty() ? String.valueOf(o.defaultValue()) : given.get(0));
        }
        return runtime.environment(out, shaping);
    }

    /**
     * Says what runs where, then runs the job until it is cancelled; locally, Ctrl-C stops it with
     * a savepoint that the next start resumes from.
     */
    int execute(StreamExecutionEnvironment env, String name, String flow) throws Exception {
        System.err.printf(
                "running %s: %s (web UI on http://localhost:%d when local)%n",
                name, flow, runtime.webPort);
        if (runtime.folder == null) {
            env.execute(name);
            return 0;
        }
        return StoppableRun.run(env, name, runtime.folder.savepoints());
    }
}
