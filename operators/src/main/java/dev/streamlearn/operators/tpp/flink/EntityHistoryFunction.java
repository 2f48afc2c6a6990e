package dev.streamlearn.operators.tpp.flink;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.operators.tpp.EntityHistory;
import dev.streamlearn.operators.tpp.TppQuery;
import dev.streamlearn.state.keyed.KeyedModelFunction;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the last events of each entity (through the keyed-model operator: on the heap, written to
 * keyed state at checkpoints, expired when the entity goes quiet) and passes each event on with its
 * history. An event before the entity's newest goes to the dead letters with the reason: per-entity
 * histories only grow forward in time.
 */
public final class EntityHistoryFunction
        implements KeyedModelFunction<String, TppEvent, TppQuery, EntityHistory> {
    private static final long serialVersionUID = 1L;

    /** Events that came late or out of order for their entity. */
    public static final OutputTag<DeadLetter> OUT_OF_ORDER = new OutputTag<>("tpp-out-of-order") {};

    private final int historyLength;
    private final List<String> types;
    private final String eventsTopic;
    private transient Counter outOfOrder;

    /**
     * @param historyLength events kept per entity
     * @param types the declared types (to write a rejected event back as it came)
     * @param eventsTopic the events' topic, named in dead letters
     */
    public EntityHistoryFunction(int historyLength, List<String> types, String eventsTopic) {
        this.historyLength = historyLength;
        this.types = List.copyOf(types);
        this.eventsTopic = eventsTopic;
    }

    @Override
    public void open(MetricGroup metrics) {
        outOfOrder = metrics.counter("outOfOrderEvents");
    }

    @Override
    public EntityHistory createModel(String key) {
        return new EntityHistory(historyLength);
    }

    @Override
    public void processElement(EntityHistory h, TppEvent e, Context<String, TppQuery> ctx) {
        if (h.size() > 0 && e.ts() < h.lastTime()) {
            outOfOrder.inc();
            ctx.output(
                    OUT_OF_ORDER,
                    new DeadLetter(
                            eventsTopic,
                            e.partition(),
                            e.offset(),
                            e.ts(),
                            String.format(
                                    "late or out-of-order event: ts %d is before entity '%s''s"
                                            + " last event at %d; send each entity's events in"
                                            + " time order (ts non-decreasing)",
                                    e.ts(), e.entity(), h.lastTime()),
                            RecordJson.tppEvent(e, types)));
            return;
        }
        h.append(e.ts(), e.type());
        ctx.collect(new TppQuery(e, h.times(), h.types()));
    }

    @Override
    public long estimatedBytes(EntityHistory h) {
        return 64 + 12L * h.capacity();
    }
}
