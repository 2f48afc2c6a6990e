package dev.streamlearn.jobs.cli;

import dev.streamlearn.gpu.DevicePreference;
import picocli.CommandLine.Option;

/**
 * Where a job's neural network runs: the {@code --device} option of {@code run score} and {@code
 * run tpp}.
 */
final class DeviceMixin {

    @Option(
            names = "--device",
            defaultValue = "auto",
            description =
                    "auto (a GPU when the TaskManager offers one or the engine sees one, else the"
                            + " CPU), cpu or gpu (fail without one) (default: ${DEFAULT-VALUE})")
    String device;

    DevicePreference preference() {
        return DevicePreference.parse(device);
    }
}
