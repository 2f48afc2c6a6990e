package dev.streamlearn.gpu;

import java.util.Arrays;

/** The engine's own words for a failure, on one line, without the wrappers DJL puts around them. */
final class EngineMessages {
    private EngineMessages() {}

    /**
     * The message of the innermost cause; of a TorchScript interpreter traceback only its last line
     * (the error), the rest is the model's Python source.
     */
    static String cause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        String[] lines = message.strip().split("\\R");
        if (message.contains("Traceback of TorchScript")) {
            return lines[lines.length - 1].strip();
        }
        return String.join(" ", Arrays.stream(lines).map(String::strip).toList());
    }
}
