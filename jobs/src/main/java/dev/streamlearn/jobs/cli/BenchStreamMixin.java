package dev.streamlearn.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The stream a benchmark runs on and how much of it; defaults come from the command. */
final class BenchStreamMixin {

    @Option(
            names = "--stream",
            description =
                    "SEA_a, SEA_g, LED_a, LED_g, RBF_m, RBF_f (the DriftMoE paper's, seeded), elec"
                            + " (shipped), an .arff file or a MOA stream CLI string (default:"
                            + " ${DEFAULT-VALUE})")
    String stream;

    @Option(names = "--arff", description = "an ARFF file instead of --stream")
    Path arff;

    @Option(
            names = "--instances",
            description = "instances per run, at most (default: ${DEFAULT-VALUE})")
    long instances;

    /** The stream spec: the ARFF file when given, otherwise --stream. */
    String spec() {
        return arff != null ? arff.toString() : stream;
    }
}
