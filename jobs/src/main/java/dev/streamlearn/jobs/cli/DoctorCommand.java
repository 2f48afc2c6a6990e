package dev.streamlearn.jobs.cli;

import ai.djl.engine.Engine;
import dev.streamlearn.gpu.BatchPredictor;
import dev.streamlearn.gpu.BundledModel;
import dev.streamlearn.gpu.DevicePreference;
import dev.streamlearn.gpu.InferenceEngine;
import dev.streamlearn.gpu.InferenceRuntime;
import dev.streamlearn.gpu.ModelSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.runtime.util.EnvironmentInformation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamlearn doctor}: which engine, device and native library neural inference gets on this
 * machine, proven by running a model once on each engine.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Says what neural inference (run score, ML_PREDICT with streamlearn-djl, bench inference) gets on this machine: Java, Flink and DJL versions; for each engine (PyTorch for TorchScript, ONNX Runtime for ONNX) its version, the device it would use and why, and the native library it loaded; then it runs a model once on that device to prove it works. A TaskManager also takes the GPU that Flink's external resource framework offers it (external-resources: gpu).",
            "",
            "To use an NVIDIA GPU with PyTorch, point DJL at the machine's own CUDA build of libtorch 2.7.1 (Maven Central has no CUDA build of 2.7 for DJL):",
            "  export PYTORCH_LIBRARY_PATH=/path/to/libtorch/lib   (the folder of libtorch*.so)",
            "  export PYTORCH_FLAVOR=cu128    PYTORCH_VERSION=2.7.1",
            "then run this command again: the PyTorch line must say gpu(0). A much newer libtorch may fail to load with an undefined symbol: the JNI of DJL 0.36 is built against 2.7.1.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn doctor",
            "  streamlearn doctor --device gpu           # exit 1 when an engine has no GPU",
            "  streamlearn doctor --model my.onnx --input-width 32 --output-width 2"
        })
final class DoctorCommand implements Callable<Integer> {

    @Mixin ModelFileMixin modelFile;

    @Option(
            names = "--out",
            defaultValue = "streamlearn-out/doctor",
            description = "where the bundled model is copied to (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        PrintStream console = System.out;
        console.printf(
                "Java %s (%s), Flink %s, DJL %s%n",
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                EnvironmentInformation.getVersion(),
                Engine.getDjlVersion());
        for (String variable :
                List.of(
                        "PYTORCH_LIBRARY_PATH",
                        "PYTORCH_FLAVOR",
                        "PYTORCH_VERSION",
                        "CUDA_VISIBLE_DEVICES")) {
            String value = System.getenv(variable);
            console.printf("  %-21s %s%n", variable, value == null ? "(not set)" : value);
        }
        int failed = 0;
        for (ModelSpec spec : specs()) {
            failed += check(spec, console) ? 0 : 1;
        }
        return failed == 0 ? 0 : 1;
    }

    private List<ModelSpec> specs() {
        ModelSpec own = modelFile.spec();
        if (own != null) {
            return List.of(own);
        }
        DevicePreference preference = modelFile.preference();
        Path folder = out.toAbsolutePath();
        return List.of(
                BundledModel.MLP.spec(InferenceEngine.PYTORCH, folder).withDevice(preference),
                BundledModel.MLP.spec(InferenceEngine.ONNX_RUNTIME, folder).withDevice(preference));
    }

    /** Loads the model, runs one row, prints what it got; false when it could not. */
    private static boolean check(ModelSpec spec, PrintStream console) {
        console.printf("%n%s (%s):%n", spec.engine().djlName(), spec.modelPath().getFileName());
        try (BatchPredictor predictor = BatchPredictor.open(spec)) {
            InferenceRuntime runtime = predictor.describe();
            long start = System.nanoTime();
            float[] output = predictor.predictOne(new float[spec.inputWidth()]);
            double ms = (System.nanoTime() - start) / 1e6;
            console.printf("  engine   %s %s%n", runtime.engine(), runtime.engineVersion());
            console.printf("  device   %s: %s%n", runtime.device(), runtime.deviceReason());
            console.printf("  natives  %s%n", runtime.nativeLibrary());
            console.printf(
                    Locale.ROOT,
                    "  works    one row of zeros -> %d outputs in %.1f ms%n",
                    output.length,
                    ms);
            return true;
        } catch (RuntimeException e) {
            console.printf("  FAILED   %s%n", e.getMessage());
            return false;
        }
    }
}
