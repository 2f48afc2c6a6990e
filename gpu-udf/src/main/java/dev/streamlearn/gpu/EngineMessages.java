package dev.streamlearn.gpu;

import java.util.Arrays;

/** The engine's own words for a failure, on one line, without the wrappers DJL puts around them. */
final class EngineMessages {
    private EngineMessages() {}

    /**
     * What to do when an engine does not load. A native library loads into one class loader per
     * JVM: a second copy of the DJL jars (a Flink job jar submitted again, each job with its own
     * class loader) cannot load it again, and only one copy on the JVM's class path helps.
     */
    static String nativesFix(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("another classloader")) {
                return "its natives were loaded by another class loader in this JVM; put the DJL"
                        + " jars on the JVM's class path once (on Flink: in the lib/ folder of"
                        + " every TaskManager, not in the job jar)";
            }
        }
        return "put its DJL engine and native jars on the class path";
    }

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
