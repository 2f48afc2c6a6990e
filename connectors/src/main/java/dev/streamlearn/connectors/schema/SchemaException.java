package dev.streamlearn.connectors.schema;

/** A stream schema that cannot be used, with a message that says what to fix. */
public final class SchemaException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
