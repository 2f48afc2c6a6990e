package dev.streamlearn.gpu;

import ai.djl.Device;
import ai.djl.engine.Engine;
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
        int gpus = engine.getGpuCount();
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException(
                            String.format(
                                    "a GPU was requested but the %s engine sees none (no CUDA"
                                            + " device or no CUDA build of its natives); use"
                                            + " --device auto to fall back to the CPU",
                                    engine.getEngineName()));
                }
                yield Device.gpu(0);
            }
        };
    }
}
