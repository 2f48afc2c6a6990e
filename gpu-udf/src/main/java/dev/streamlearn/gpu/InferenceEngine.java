package dev.streamlearn.gpu;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The DJL engine that runs a model file: PyTorch for TorchScript ({@code .pt}), ONNX Runtime for
 * ONNX ({@code .onnx}). {@link ModelSpec} picks one from the file's extension; other names need
 * {@link ModelSpec#withEngine}.
 */
public enum InferenceEngine {
    PYTORCH(
            "PyTorch",
            ".pt",
            "a TorchScript file (torch.jit.save)",
            "libtorch_cpu.so",
            Map.of("mapLocation", "true")),
    ONNX_RUNTIME("OnnxRuntime", ".onnx", "an ONNX file", "libonnxruntime.so", Map.of());

    private final String djlName;
    private final String extension;
    private final String fileKind;
    private final String nativeLibrary;
    private final Map<String, String> loadOptions;

    InferenceEngine(
            String djlName,
            String extension,
            String fileKind,
            String nativeLibrary,
            Map<String, String> loadOptions) {
        this.djlName = djlName;
        this.extension = extension;
        this.fileKind = fileKind;
        this.nativeLibrary = nativeLibrary;
        this.loadOptions = loadOptions;
    }

    /** Reads {@code pytorch} (or {@code torch}) and {@code onnx} (or {@code onnxruntime}). */
    public static InferenceEngine parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "pytorch", "torch" -> PYTORCH;
            case "onnx", "onnxruntime" -> ONNX_RUNTIME;
            default ->
                    throw new IllegalArgumentException(
                            "engine '" + name + "' is not one of pytorch, onnx");
        };
    }

    /** The engine for a model file, from its extension. */
    public static InferenceEngine forModelFile(Path modelFile) {
        String name = modelFile.getFileName().toString().toLowerCase(Locale.ROOT);
        for (InferenceEngine engine : values()) {
            if (name.endsWith(engine.extension)) {
                return engine;
            }
        }
        throw new IllegalArgumentException(
                String.format(
                        "cannot tell the engine of model file '%s' from its name: .pt is"
                                + " TorchScript (PyTorch), .onnx is ONNX (OnnxRuntime); rename the"
                                + " file or set the engine with ModelSpec.withEngine",
                        modelFile));
    }

    /** The name DJL knows the engine by, for {@code Engine.getEngine} and {@code optEngine}. */
    public String djlName() {
        return djlName;
    }

    /**
     * What a model file for this engine is, for messages: "a TorchScript file (torch.jit.save)".
     */
    String fileKind() {
        return fileKind;
    }

    /** The file name of the engine's main native library, to find where it was loaded from. */
    String nativeLibrary() {
        return nativeLibrary;
    }

    /**
     * Criteria options for loading: PyTorch maps the weights onto the chosen device (a CPU-saved
     * TorchScript file stays on the CPU otherwise).
     */
    Map<String, String> loadOptions() {
        return loadOptions;
    }
}
