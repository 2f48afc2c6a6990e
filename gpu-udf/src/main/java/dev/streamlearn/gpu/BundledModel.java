package dev.streamlearn.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The models that ship in this module's jar (the test models, written by {@code make_models.py}
 * with PyTorch's outputs in the tests' {@code oracle.json}), as TorchScript and ONNX: for {@code
 * streamlearn bench inference} and for trying the function without a model of one's own. Engines
 * load models from files, so {@link #spec} copies the file out of the jar first.
 *
 * <pre>{@code
 * ModelSpec spec = BundledModel.MLP.spec(InferenceEngine.ONNX_RUNTIME, Path.of("work"));
 * }</pre>
 */
public enum BundledModel {
    /** 8 -> 32 -> 3, 387 parameters. */
    MLP("mlp", 8, 3, 387),
    /** 64 -> 1024 -> 1024 -> 16, 1,132,560 parameters. */
    MLP_1M("mlp-1m", 64, 16, 1_132_560);

    private static final String FOLDER = "/dev/streamlearn/gpu/models/";

    private final String fileName;
    private final int inputWidth;
    private final int outputWidth;
    private final long parameters;

    BundledModel(String fileName, int inputWidth, int outputWidth, long parameters) {
        this.fileName = fileName;
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        this.parameters = parameters;
    }

    /** Reads {@code mlp} or {@code mlp-1m} (any case). */
    public static BundledModel parse(String name) {
        for (BundledModel m : values()) {
            if (m.fileName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "no bundled model '" + name + "'; the bundled models are mlp and mlp-1m");
    }

    /** The name on the command line and of the file, without extension: {@code mlp-1m}. */
    public String modelName() {
        return fileName;
    }

    public long parameters() {
        return parameters;
    }

    /**
     * The spec of this model for {@code engine}, its file copied into {@code folder} (created if
     * needed; an existing copy is replaced), on {@link DevicePreference#AUTO}.
     */
    public ModelSpec spec(InferenceEngine engine, Path folder) {
        String file = fileName + (engine == InferenceEngine.PYTORCH ? ".pt" : ".onnx");
        Path target = folder.resolve(file);
        try (InputStream in = BundledModel.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the bundled model " + file + " is missing from the class path");
            }
            Files.createDirectories(folder);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled model to " + target, e);
        }
        return ModelSpec.of(target, inputWidth, outputWidth).withEngine(engine);
    }
}
