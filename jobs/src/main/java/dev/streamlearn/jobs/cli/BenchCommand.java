package dev.streamlearn.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streamlearn bench}: benchmarks that print figures and ratios against a reference. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks: each runs the reference system on the same stream in the same process and prints a table with the ratios."
        },
        subcommands = {
            BenchStateCommand.class,
            BenchDriftMoeCommand.class,
            BenchRouterCommand.class,
            BenchJobCommand.class,
            BenchRlCommand.class,
            BenchRlLoopCommand.class,
            BenchActiveCommand.class,
            BenchTppCommand.class,
            BenchTppJobCommand.class,
            BenchInferenceCommand.class,
            BenchScoreCommand.class
        })
final class BenchCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
