package dev.streamlearn.connectors.json;

/** A record that cannot be parsed or validated; the message becomes the dead letter's reason. */
public final class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRecordException(String message) {
        super(message);
    }

    public static BadRecordException of(String format, Object... args) {
        return new BadRecordException(String.format(format, args));
    }
}
