package dev.streamlearn.operators.tpp;

/**
 * An event with its entity's history (the event itself the newest), on its way from the keyed
 * history to the scoring of the global model.
 *
 * @param event the event
 * @param times the history's times, oldest first, the event's last (ms)
 * @param types the history's types
 */
public record TppQuery(
        dev.streamlearn.connectors.records.TppEvent event, long[] times, int[] types) {}
