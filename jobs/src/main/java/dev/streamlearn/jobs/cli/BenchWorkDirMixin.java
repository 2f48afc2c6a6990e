package dev.streamlearn.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --out}: the work folder of a benchmark that runs Flink (checkpoints, temporary files). */
final class BenchWorkDirMixin {

    @Option(
            names = "--out",
            defaultValue = "streamlearn-out/bench",
            description = "work folder (default: ${DEFAULT-VALUE})")
    Path out;

    Path folder() {
        return out.toAbsolutePath();
    }
}
