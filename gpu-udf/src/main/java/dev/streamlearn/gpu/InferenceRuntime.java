package dev.streamlearn.gpu;

import ai.djl.Device;

/**
 * What a {@link BatchPredictor} got from the machine: the engine and its version, the DJL version,
 * the device and why it was chosen, and the native library the engine loaded (a path, or why it is
 * unknown). For {@code streamlearn doctor} and for logs.
 */
public record InferenceRuntime(
        String engine,
        String engineVersion,
        String djlVersion,
        Device device,
        String deviceReason,
        String nativeLibrary) {}
