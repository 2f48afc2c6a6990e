package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.demo.Demo;
import dev.streamlearn.jobs.demo.DemoKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn demo}: everything on this machine, with live figures. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run Streamlearn end to end on this machine: a real Kafka broker inside this process (or a cluster of yours, --bootstrap-servers), a Flink MiniCluster with its web UI, a producer of drifting SEA streams over several stream keys (with a few bad records mixed in), the prequential job, an active learner per stream that asks a simulated labeller for labels within a budget (they come back late, on the labels topic), CartPole agents that learn live through the RL job, and entities whose event sequences (Hawkes regimes that change every 30 s) the point-process job (PromptTPP) scores and learns from window after window. Prints live figures every second and writes a report to --out at the end.",
            "",
            "Watch the job in the Flink web UI; read the topics with any Kafka client while it runs (use --kafka-port to put the broker on a known port).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn demo                          # until Ctrl-C",
            "  streamlearn demo --duration 60s",
            "  streamlearn demo --kafka-port 9092 --rate 500",
            "  streamlearn demo --resume --duration 60s   # go on with the last demo's models and"
                    + " topics",
            "  streamlearn demo --bootstrap-servers broker:9093 --kafka-config client.properties",
            "  # while it runs, in another terminal:",
            "  kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic predictions \\",
            "      --isolation-level read_committed",
            "  echo '{\"stream\":\"mine\",\"id\":\"1\",\"x\":[1,2,3],\"y\":\"groupA\"}' | \\",
            "      kafka-console-producer.sh --bootstrap-server localhost:9092 --topic instances"
        })
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--duration",
            description = "stop after this long, e.g. 60s or 5m (default: until Ctrl-C)")
    Duration duration;

    @Option(
            names = "--kafka-port",
            defaultValue = "0",
            description =
                    "port of the embedded Kafka broker for outside clients; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description =
                    "run against this Kafka cluster instead of a broker of the demo's own (with"
                            + " --kafka-config for a secured one); the demo creates its topics"
                            + " there")
    String bootstrapServers;

    @Mixin KafkaConfigMixin kafkaConfig;

    @Option(
            names = "--resume",
            description =
                    "go on with the demo that ran in --out before (stopped, Ctrl-C'd or killed):"
                            + " its models from its newest savepoint or checkpoint, its topics"
                            + " (its own broker keeps them in <--out>/kafka), its producer after"
                            + " the records it sent. Without it a new demo starts and removes"
                            + " what an earlier one left in --out")
    boolean resume;

    @Option(
            names = "--web-port",
            defaultValue = "8081",
            description = "Flink web UI port (default: ${DEFAULT-VALUE})")
    int webPort;

    @Option(
            names = "--streams",
            defaultValue = "4",
            description = "number of stream keys (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            description = "records per second, all streams together (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--bad-every",
            defaultValue = "500",
            description =
                    "one malformed or invalid record every N; 0 for none (default: ${DEFAULT-VALUE})")
    int badEvery;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "2s",
            description =
                    "time between checkpoints; outputs become visible at each (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "parallelism of the job\'s operators (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--learner",
            defaultValue = "driftmoe-data",
            description =
                    "the classifier of each stream: driftmoe-data, driftmoe-task or a MOA"
                            + " classifier such as trees.HoeffdingTree (default: ${DEFAULT-VALUE})")
    String learner;

    @Option(
            names = "--rl-agents",
            defaultValue = "4",
            description =
                    "CartPole-v1 agents that learn live through the RL job (topics observations,"
                            + " actions); 0 for none (default: ${DEFAULT-VALUE})")
    int rlAgents;

    @Option(
            names = "--active-budget",
            defaultValue = "0.1",
            description =
                    "label budget of the active-learning job (labels per instance), whose label"
                            + " requests a simulated labeller answers 0.5-3 s later; 0 for none"
                            + " (default: ${DEFAULT-VALUE})")
    double activeBudget;

    @Option(
            names = "--tpp-entities",
            defaultValue = "20",
            description =
                    "entities whose events (Hawkes regimes A, B, A, C, 30 s each, written as they"
                            + " happen) the point-process job (PromptTPP) scores and learns from in"
                            + " 15 s windows; 0 for none (default: ${DEFAULT-VALUE})")
    int tppEntities;

    @Option(
            names = "--out",
            defaultValue = "streamlearn-out",
            description =
                    "folder for the report, checkpoints, savepoints, temporary files and the demo's broker's log (default: ${DEFAULT-VALUE})")
    Path out;

    /**
     * With --resume, the newest snapshot in --out, checked to have been made by a demo with the
     * same model-shaping options; null without --resume, or when --out holds nothing to resume.
     * Records these options for the next --resume either way.
     */
    private Path snapshotToResume() {
        StateFolder folder = new StateFolder(out, out.resolve("checkpoints"));
        Map<String, String> options =
                Map.of(
                        "--learner", learner,
                        "--streams", Integer.toString(streams),
                        "--rl-agents", Integer.toString(rlAgents),
                        "--active-budget", Double.toString(activeBudget),
                        "--tpp-entities", Integer.toString(tppEntities),
                        "--bootstrap-servers",
                                bootstrapServers != null ? bootstrapServers : "the demo's own");
        Path snapshot = null;
        if (resume) {
            snapshot = folder.newestSnapshot().orElse(null);
            if (snapshot == null) {
                System.out.printf(
                        "--resume: %s holds no savepoint or checkpoint of an earlier demo; a new"
                                + " demo starts%n",
                        out);
            } else {
                StateFolder.checkOptions(
                        snapshot,
                        options,
                        "--resume: the newest snapshot,",
                        "leave out --resume to start a new demo (the old one's state is removed)");
            }
        }
        folder.writeOptions(options);
        return snapshot;
    }

    @Override
    public Integer call() throws Exception {
        TorchThreads.oneUnlessSet();
        if (duration != null) {
            RuntimeMixin.positive(duration, "--duration");
        }
        RuntimeMixin.positive(checkpointInterval, "--checkpoint-interval");
        if (bootstrapServers != null && kafkaPort != 0) {
            throw new IllegalArgumentException(
                    "--kafka-port places the demo's own broker and --bootstrap-servers names an"
                            + " outside one: give one of them");
        }
        Demo demo =
                new Demo(
                        new Demo.Config(
                                duration,
                                bootstrapServers != null
                                        ? new DemoKafka.Where(
                                                0, bootstrapServers, kafkaConfig.client())
                                        : DemoKafka.Where.own(kafkaPort),
                                webPort,
                                streams,
                                rate,
                                badEvery,
                                out,
                                checkpointInterval,
                                parallelism,
                                learner,
                                rlAgents,
                                activeBudget,
                                tppEntities,
                                snapshotToResume()),
                        System.out);
        Thread hook =
                new Thread(
                        () -> {
                            demo.requestStop();
                            try {
                                demo.awaitFinished(Duration.ofSeconds(45));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return demo.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and waits for us
            }
        }
    }
}
