package dev.streamlearn.jobs.migration;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.jobs.produce.BadRecords;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeded SEA instances for the classification cases: one MOA generator drawn round-robin over the
 * stream keys, event time {@link #T0} plus one second per record (good or bad), the same as the
 * Kafka timestamp. It remembers each instance's class, so that labels can be sent later.
 */
final class SeaInput {
    /** 2023-11-14T22:13:20Z: the first record's event time and Kafka timestamp. */
    static final long T0 = 1_700_000_000_000L;

    private final LabelledStream sea;
    private final StreamSchema schema;
    private final List<String> classes;
    private final Map<String, String> truth = new HashMap<>();
    private long records;
    private long bad;

    SeaInput(String generator) {
        this.sea = MoaGeneratorStream.open(generator);
        this.schema = sea.schema();
        this.classes = schema.classValues();
    }

    SchemaCatalog schemas() {
        return SchemaCatalog.forAll(schema);
    }

    /** The Kafka timestamp of the next record. */
    long nextTimestamp() {
        return T0 + records * 1_000L;
    }

    /** The next instance of {@code stream}, with its class when {@code labelled}. */
    InputRecord instance(String phase, String topic, String stream, int id, boolean labelled) {
        LabelledStream.Example e = sea.next();
        List<Object> x = new ArrayList<>();
        for (double v : e.x()) {
            x.add(v);
        }
        String y = classes.get(e.y());
        truth.put(stream + "/" + id, y);
        long ts = nextTimestamp();
        records++;
        byte[] value =
                RecordJson.instance(stream, Integer.toString(id), ts, x, labelled ? y : null);
        return new InputRecord(phase, topic, stream, ts, value);
    }

    /**
     * The next bad instance record: the kinds of {@link BadRecords} in turn but the oversized one
     * (it would put 100 kB into every dead-letter file).
     */
    InputRecord badInstance(String phase, String topic, String stream) {
        long ts = nextTimestamp();
        records++;
        return new InputRecord(
                phase, topic, stream, ts, BadRecords.make(bad++ % 7, stream, schema));
    }

    /** The label of instance {@code id} of {@code stream}, stamped {@code ts}. */
    InputRecord label(String phase, String topic, String stream, String id, long ts) {
        String y = truth.get(stream + "/" + id);
        if (y == null) {
            throw new IllegalStateException("no instance " + stream + "/" + id + " was drawn");
        }
        return new InputRecord(phase, topic, stream, ts, RecordJson.label(stream, id, y));
    }

    /** A label for an id that was never sent. */
    InputRecord unknownLabel(String phase, String topic, String stream, String id, long ts) {
        return new InputRecord(
                phase, topic, stream, ts, RecordJson.label(stream, id, classes.get(0)));
    }

    /** A label record with a class the schema does not declare: a dead letter of the parser. */
    static InputRecord badLabel(String phase, String topic, String stream, String id, long ts) {
        String json = "{\"stream\":\"" + stream + "\",\"id\":\"" + id + "\",\"y\":\"NOT-A-CLASS\"}";
        return new InputRecord(phase, topic, stream, ts, json.getBytes(StandardCharsets.UTF_8));
    }
}
