package dev.streamlearn.gpu;

/**
 * A model could not be loaded as its {@link ModelSpec} says: a missing file, an engine that rejects
 * it, or rows of another width than the spec's. The message says which and how to fix it.
 */
public final class ModelLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
