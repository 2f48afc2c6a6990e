package dev.streamlearn.jobs.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** The run seeds of a benchmark whose figures are averaged over seeds. */
final class BenchSeedsMixin {

    @Option(
            names = {"--seeds", "--seed"},
            defaultValue = "1",
            split = ",",
            description = "run seeds, averaged (default: ${DEFAULT-VALUE})")
    List<Long> seeds;
}
