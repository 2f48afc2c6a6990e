package dev.streamlearn.connectors.records;

/**
 * One version of a global model on the model topic: {@code {"model":"tpp","version":3,
 * "window_end":...,"events":14500,"codec":"neural-tpp","bytes":"<base64>"}}, keyed by the model's
 * name so that a compacted topic keeps the newest version of each model. {@code bytes} is the
 * model's versioned codec envelope (type name, codec version, fields), readable by any Kafka client
 * and decodable by Streamlearn's codec of that type.
 *
 * @param model the model's name (the record key)
 * @param version the version, increasing by one per training window
 * @param windowEnd the event time (ms) up to which the model was trained
 * @param events the events of the window it was last trained on
 * @param codec the codec's type name
 * @param bytes the encoded model
 */
public record ModelSnapshot(
        String model, long version, long windowEnd, long events, String codec, byte[] bytes) {}
