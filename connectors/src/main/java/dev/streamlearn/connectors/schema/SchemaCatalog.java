package dev.streamlearn.connectors.schema;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The schemas of the streams on one topic: a schema per stream key, and optionally one for every
 * other stream key.
 *
 * <pre>{@code
 * SchemaCatalog one = SchemaCatalog.forAll(seaSchema);               // every stream is SEA
 * SchemaCatalog two = SchemaCatalog.of(Map.of("elec", elecSchema));  // only "elec" is known
 * }</pre>
 */
public final class SchemaCatalog implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TreeMap<String, StreamSchema> byStream;
    private final StreamSchema fallback;

    private SchemaCatalog(Map<String, StreamSchema> byStream, StreamSchema fallback) {
        this.byStream = new TreeMap<>(byStream);
        this.fallback = fallback;
    }

    /** Every stream key uses {@code schema}. */
    public static SchemaCatalog forAll(StreamSchema schema) {
        return new SchemaCatalog(Map.of(), schema);
    }

    /** Only the listed stream keys are known; records of any other stream are dead letters. */
    public static SchemaCatalog of(Map<String, StreamSchema> byStream) {
        if (byStream.isEmpty()) {
            throw new SchemaException("a schema catalog needs at least one stream");
        }
        return new SchemaCatalog(byStream, null);
    }

    public Optional<StreamSchema> forStream(String stream) {
        StreamSchema s = byStream.get(stream);
        return Optional.ofNullable(s != null ? s : fallback);
    }

    /** Describes the known streams, for error messages. */
    public String describe() {
        return fallback != null ? "any stream" : "streams " + byStream.keySet();
    }
}
