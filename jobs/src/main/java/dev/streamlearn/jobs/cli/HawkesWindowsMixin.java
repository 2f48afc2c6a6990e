package dev.streamlearn.jobs.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The windows of the Hawkes regime stream: {@code produce hawkes} and {@code bench tpp-job}. */
final class HawkesWindowsMixin {

    @Option(
            names = "--window",
            defaultValue = "100s",
            description =
                    "event time per window, the job's training window too (default: ${DEFAULT-VALUE})")
    Duration window;

    @Option(
            names = "--windows-per-regime",
            defaultValue = "3",
            description = "windows of each regime (default: ${DEFAULT-VALUE})")
    int windowsPerRegime;

    double windowSeconds() {
        return window.toMillis() / 1000.0;
    }
}
