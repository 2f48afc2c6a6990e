package dev.streamlearn.gpu;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaUtils;
import java.util.Locale;

/**
 * Where neural inference runs: {@code AUTO} takes the first GPU when the engine sees one and the
 * CPU otherwise; {@code GPU} insists on a GPU and says so when there is none.
 *
 * <pre>{@code
 * Device d = DevicePreference.parse("auto").select(Engine.getEngine("PyTorch"));
 * }</pre>
 */
public enum DevicePreference {
    AUTO,
    CPU,
    GPU;

    /** Reads {@code auto}, {@code cpu} or {@code gpu} (any case). */
    public static DevicePreference parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "device '" + value + "' is not one of auto, cpu, gpu", e);
        }
    }

    /** The device of {@code engine} that this preference picks. */
    public Device select(Engine engine) {
        return choose(engine).device();
    }

    /**
     * The device of {@code engine} that this preference picks, with the reason; {@code GPU} throws
     * when the engine sees none, saying why.
     */
    public DeviceChoice choose(Engine engine) {
        return choose(engine, GpuAssignment.firstVisible());
    }

    /**
     * The same, taking the GPU {@code gpu} names when a GPU is used. {@code AUTO} falls back to the
     * CPU, and {@code GPU} throws, also when that GPU is one the engine does not see.
     */
    public DeviceChoice choose(Engine engine, GpuAssignment gpu) {
        if (this == CPU) {
            return new DeviceChoice(Device.cpu(), "the CPU was requested");
        }
        // Engine#getGpuCount's count (CUDA capability, then CudaUtils) with one capability probe
        // instead of two: each probe of ONNX Runtime's logs a warning
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        int gpus = cuda ? CudaUtils.getGpuCount() : 0;
        if (gpus > gpu.index()) {
            return new DeviceChoice(
                    Device.gpu(gpu.index()),
                    String.format(
                            "GPU %d, %s (the %s engine sees %d)",
                            gpu.index(), gpu.source(), engine.getEngineName(), gpus));
        }
        String missing =
                gpus > 0
                        ? String.format(
                                "GPU %d was assigned (%s) but the %s engine sees only %d; check"
                                        + " the GPU discovery and CUDA_VISIBLE_DEVICES",
                                gpu.index(), gpu.source(), engine.getEngineName(), gpus)
                        : noGpuReason(engine.getEngineName(), cuda);
        if (this == GPU) {
            throw new IllegalStateException(
                    String.format(
                            "a GPU was requested but %s; use --device auto to fall back to the CPU",
                            missing));
        }
        return new DeviceChoice(Device.cpu(), "no GPU, so the CPU: " + missing);
    }

    /** No GPU either for a CPU build of the natives or for no visible device: the fix differs. */
    private static String noGpuReason(String engine, boolean cuda) {
        if (cuda) {
            return String.format(
                    "the %s engine has CUDA support but sees no CUDA device (check the driver and"
                            + " CUDA_VISIBLE_DEVICES)",
                    engine);
        }
        int machineGpus = CudaUtils.getGpuCount();
        if (machineGpus > 0) {
            return String.format(
                    "this machine has %d CUDA device(s) but the %s engine's natives are a CPU"
                            + " build; give the engine CUDA natives to use them",
                    machineGpus, engine);
        }
        return String.format(
                "the %s engine's natives are a CPU build without CUDA support and no CUDA device is"
                        + " visible",
                engine);
    }
}
