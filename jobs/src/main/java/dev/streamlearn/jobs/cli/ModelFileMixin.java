package dev.streamlearn.jobs.cli;

import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.gpu.ModelSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * A model file of the user's own instead of the bundled models, and the device to run on: the
 * options {@code doctor} and {@code bench inference} share.
 */
final class ModelFileMixin {

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description =
                    "a TorchScript (.pt) or ONNX (.onnx) file of your own instead of the bundled"
                            + " models, taking [batch, --input-width] float32 and returning [batch,"
                            + " --output-width]")
    Path model;

    @Option(names = "--input-width", description = "values per row the --model takes")
    Integer inputWidth;

    @Option(names = "--output-width", description = "values per row the --model returns")
    Integer outputWidth;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description =
                    "auto (a GPU when the engine sees one, else the CPU), cpu or gpu (default:"
                            + " ${DEFAULT-VALUE})")
    String device;

    DevicePreference preference() {
        return DevicePreference.parse(device);
    }

    /**
     * The user's model on the chosen device; null without {@code --model}. The widths must come
     * with {@code --model}, and only with it.
     */
    ModelSpec spec() {
        if (model != null && (inputWidth == null || outputWidth == null)) {
            throw new IllegalArgumentException(
                    "--model needs --input-width and --output-width (the values per row it takes"
                            + " and returns)");
        }
        if (model == null && (inputWidth != null || outputWidth != null)) {
            throw new IllegalArgumentException(
                    "--input-width and --output-width go with --model FILE");
        }
        return model == null
                ? null
                : ModelSpec.of(model, inputWidth, outputWidth).withDevice(preference());
    }
}
