package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.demo.Demo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamlearn demo}: everything on this machine, with live figures. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run Streamlearn end to end on this machine: a real Kafka broker inside this process, a Flink MiniCluster with its web UI, a producer of drifting SEA streams over several stream keys (with a few bad records mixed in), the prequential job, an active learner per stream that asks a simulated labeller for labels within a budget (they come back late, on the labels topic), and CartPole agents that learn live through the RL job. Prints live figures every second and writes a report to --out at the end.",
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
            names = "--out",
            defaultValue = "streamlearn-out",
            description =
                    "folder for the report, checkpoints and temporary files (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (duration != null) {
            RuntimeMixin.positive(duration, "--duration");
        }
        RuntimeMixin.positive(checkpointInterval, "--checkpoint-interval");
        Demo demo =
                new Demo(
                        new Demo.Config(
                                duration,
                                kafkaPort,
                                webPort,
                                streams,
                                rate,
                                badEvery,
                                out,
                                checkpointInterval,
                                parallelism,
                                learner,
                                rlAgents,
                                activeBudget),
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
