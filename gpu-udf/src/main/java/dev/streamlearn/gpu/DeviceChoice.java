package dev.streamlearn.gpu;

import ai.djl.Device;
import java.util.Objects;

/**
 * The device a {@link DevicePreference} picked for an engine, and why, in words an operator can act
 * on (for the log line at load time and for {@code streamlearn doctor}).
 */
public record DeviceChoice(Device device, String reason) {
    public DeviceChoice {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(reason, "reason");
    }
}
