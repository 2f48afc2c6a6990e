package dev.streamlearn.connectors.records;

/**
 * A label that arrives after its instance, joined by stream and id.
 *
 * @param stream the stream key
 * @param id the id of the labelled instance
 * @param y the class index
 */
public record Label(String stream, String id, int y) {}
