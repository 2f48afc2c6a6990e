package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.BenchReport;
import dev.streamlearn.jobs.soak.Soak;
import dev.streamlearn.jobs.soak.SoakResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn soak}: a job under injected faults, every output counted. */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a job (--job: prequential, active or rl) for a while on its own Kafka broker and a Flink MiniCluster with two TaskManagers, produces its input with bad records at a fixed rate (SEA streams; for rl, CartPole agents played open loop; for active, a simulated labeller answers the label requests), and injects a fault on a schedule, in turn: a task failure, the loss of a TaskManager (a new one starts), a restart of the Kafka broker (down 5 s, back on its port and log folder), a slow predictions sink (backpressure). Then it reads every output read_committed and prints records in, predictions, lost, duplicated, dead letters, checkpoints completed and failed, restores, each fault's recovery time (to the next completed checkpoint), and the heap and state folders over time.",
            "",
            "Exits with 1 when anything was lost or repeated, a bad record did not become one dead letter, a fault was not recovered from, or the job did not survive.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn soak --duration 30m --rate 1000 --fault-every 2m --json soak.json",
            "  streamlearn soak --duration 2m --fault-every 20s --faults taskmanager_loss",
            "  streamlearn soak --duration 2m --rate 5000 --fault-every 0s --records-per-key 2"
                    + " --idle-timeout 10s   # keys that come and go: bounded state",
            "  streamlearn soak --duration 100s --fault-every 30s --faults slow_sink --checkpoints"
                    + " unaligned",
            "  streamlearn soak --job active --duration 10m --fault-every 1m",
            "  streamlearn soak --job rl --duration 10m --rate 2000 --streams 32   # 32 agents"
        })
final class SoakCommand implements Callable<Integer> {

    @Option(
            names = "--job",
            defaultValue = "prequential",
            description =
                    "the job soaked: ${COMPLETION-CANDIDATES}; RL actions go out at least once by"
                            + " design, so their duplicates are counted but do not fail the soak"
                            + " (default: ${DEFAULT-VALUE})")
    Soak.Job job;

    @Option(
            names = "--duration",
            defaultValue = "10m",
            description = "how long records are produced (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            description = "records per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--fault-every",
            defaultValue = "2m",
            description = "time between two faults; 0s for none (default: ${DEFAULT-VALUE})")
    Duration faultEvery;

    @Option(
            names = "--faults",
            defaultValue = "task_failure,taskmanager_loss,broker_restart,slow_sink",
            split = ",",
            description =
                    "the faults, injected in turn: ${COMPLETION-CANDIDATES} (default:"
                            + " ${DEFAULT-VALUE})")
    List<Soak.Fault> faults;

    @Option(
            names = "--streams",
            defaultValue = "10",
            description =
                    "stream feeds: one key and one model each, or a run of keys with"
                            + " --records-per-key; for rl, the agents (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(
            names = "--records-per-key",
            defaultValue = "0",
            description =
                    "0: each feed is one key for the whole soak; n: each feed moves to a new key"
                            + " every n records, so that keys come and go (records / n distinct"
                            + " keys) and the state must stay bounded with --idle-timeout"
                            + " (default: ${DEFAULT-VALUE})")
    int recordsPerKey;

    @Option(
            names = "--idle-timeout",
            description =
                    "drop a key's model (heap and state) once unused this long, as the run"
                            + " commands' option of the same name (default: never)")
    Duration idleTimeout;

    @Option(
            names = "--bad-every",
            defaultValue = "500",
            description = "one bad record every this many; 0 for none (default: ${DEFAULT-VALUE})")
    int badEvery;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "2s",
            description = "time between checkpoints (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(
            names = "--checkpoints",
            defaultValue = "aligned",
            description =
                    "how checkpoint barriers pass backpressure: ${COMPLETION-CANDIDATES}"
                            + " (buffer debloating); compare their times under the slow sink"
                            + " (default: ${DEFAULT-VALUE})")
    Soak.CheckpointMode checkpoints;

    @Option(
            names = "--web-port",
            defaultValue = "8081",
            description = "port of the Flink web UI, to watch the soak (default: ${DEFAULT-VALUE})")
    int webPort;

    @Option(
            names = "--out",
            defaultValue = "streamlearn-out/soak",
            description = "folder of checkpoints and temporary files (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin BenchJsonMixin json;

    @Override
    public Integer call() throws Exception {
        RuntimeMixin.positive(duration, "--duration");
        if (faultEvery.isNegative()) {
            throw new IllegalArgumentException(
                    "--fault-every must be 0 (no faults) or positive, got " + faultEvery);
        }
        if (idleTimeout != null) {
            RuntimeMixin.positive(idleTimeout, "--idle-timeout");
        }
        RuntimeMixin.positive(checkpointInterval, "--checkpoint-interval");
        if (!(rate > 0) || streams < 1 || badEvery < 0 || recordsPerKey < 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "got --rate %s --streams %d --bad-every %d --records-per-key %d: the"
                                    + " rate must be positive, the streams at least 1,"
                                    + " --bad-every and --records-per-key 0 (none) or more",
                            rate, streams, badEvery, recordsPerKey));
        }
        if (job == Soak.Job.RL && recordsPerKey > 0) {
            throw new IllegalArgumentException(
                    "--records-per-key moves SEA streams to new keys; the rl job's agents are"
                            + " --streams, each for the whole soak: leave it out with --job rl");
        }
        Soak.Config config =
                new Soak.Config(
                        job,
                        duration,
                        rate,
                        faultEvery.isZero() ? Duration.ofDays(365) : faultEvery,
                        faultEvery.isZero() ? List.of() : faults,
                        new Soak.Keys(streams, recordsPerKey, idleTimeout),
                        badEvery,
                        checkpointInterval,
                        checkpoints,
                        out,
                        webPort);
        SoakResult result = new Soak(config).run(System.out);
        result.print(System.out);
        json.write(
                file ->
                        BenchReport.writeJson(
                                file,
                                BenchReport.settings(
                                        "job", job,
                                        "duration_seconds", duration.toSeconds(),
                                        "rate", rate,
                                        "fault_every_seconds", faultEvery.toSeconds(),
                                        "streams", streams,
                                        "records_per_key", recordsPerKey,
                                        "idle_timeout_seconds",
                                                idleTimeout == null ? 0 : idleTimeout.toSeconds(),
                                        "bad_every", badEvery,
                                        "checkpoints", checkpoints),
                                List.of(result)));
        return result.passed() ? 0 : 1;
    }
}
