package dev.streamlearn.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a native library was loaded from, read from the process's memory map: the engines unpack
 * their natives into cache or temporary folders that no API reports the same way.
 */
final class NativeLibraries {
    private static final Path MAPS = Path.of("/proc/self/maps");

    private NativeLibraries() {}

    /** The path of the mapped library named {@code fileName}, or why there is none. */
    static String loadedFrom(String fileName) {
        if (!Files.isReadable(MAPS)) {
            return "unknown (no " + MAPS + " on this system)";
        }
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.filter(line -> line.contains("/" + fileName))
                    .map(line -> line.substring(line.indexOf('/')))
                    .findFirst()
                    .orElse(fileName + " is not loaded");
        } catch (IOException | UncheckedIOException e) {
            return "unknown (" + MAPS + ": " + e.getMessage() + ")";
        }
    }
}
