package dev.streamlearn.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streamlearn run <job>}: runs a job against any Kafka, locally or on a Flink cluster. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run a Streamlearn job against an external Kafka.",
            "",
            "Started with java (or ./streamlearn) the job runs in a local Flink MiniCluster with the web UI on --web-port; submitted with 'flink run' it runs on that cluster.",
            ""
        },
        footer = {
            "",
            "On a Flink cluster:",
            "  flink run -c dev.streamlearn.jobs.cli.Streamlearn jobs/target/streamlearn-jobs.jar \\",
            "      run prequential --bootstrap-servers kafka:9092 --schema generators.SEAGenerator"
        },
        subcommands = {
            RunPrequentialCommand.class,
            RunDriftMoeCommand.class,
            RunRlCommand.class,
            RunActiveCommand.class,
            RunScoreCommand.class,
            RunTppCommand.class
        })
final class RunCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
