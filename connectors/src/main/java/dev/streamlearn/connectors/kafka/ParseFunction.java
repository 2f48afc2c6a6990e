package dev.streamlearn.connectors.kafka;

import dev.streamlearn.connectors.json.BadRecordException;
import dev.streamlearn.connectors.json.RecordParser;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses raw Kafka records into typed records; every record that is too large, malformed or invalid
 * goes to the {@link #DEAD_LETTERS} side output with its reason, and is counted in the {@code
 * deadLetters} metric. Nothing is dropped and nothing fails the job.
 *
 * <pre>{@code
 * Parsed<Instance> in = ParseFunction.apply(raw, new InstanceParser(schemas), Instance.class,
 *         1 << 20, "parse-instances");
 * in.records();      // valid instances
 * in.deadLetters();  // everything else, with the reason
 * }</pre>
 *
 * @param <T> the parsed record type
 */
public final class ParseFunction<T> extends ProcessFunction<RawRecord, T>
        implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ParseFunction.class);

    /** Side output of the records that could not be parsed. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Default limit on one record's size (Kafka's own default maximum message size is 1 MiB). */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    private final RecordParser<T> parser;
    private final Class<T> type;
    private final int maxRecordBytes;
    private transient Counter deadLetters;
    private transient Counter parsed;
    private transient Counter parserErrors;

    public ParseFunction(RecordParser<T> parser, Class<T> type, int maxRecordBytes) {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be positive, got " + maxRecordBytes);
        }
        this.parser = parser;
        this.type = type;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The parsed records and the dead letters of one input. */
    public record Parsed<T>(
            SingleOutputStreamOperator<T> records, DataStream<DeadLetter> deadLetters) {}

    /** Adds a parse step named and uid'ed {@code uid} to {@code raw}. */
    public static <T> Parsed<T> apply(
            DataStream<RawRecord> raw,
            RecordParser<T> parser,
            Class<T> type,
            int maxRecordBytes,
            String uid) {
        SingleOutputStreamOperator<T> records =
                raw.process(new ParseFunction<>(parser, type, maxRecordBytes)).name(uid).uid(uid);
        return new Parsed<>(records, records.getSideOutput(DEAD_LETTERS));
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        parsed = getRuntimeContext().getMetricGroup().counter("recordsParsed");
        parserErrors = getRuntimeContext().getMetricGroup().counter("parserErrors");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
        String error;
        if (raw.value().length > maxRecordBytes) {
            error =
                    String.format(
                            "record is %d bytes, over the limit of %d bytes; send smaller records"
                                    + " or raise the limit (--max-record-bytes)",
                            raw.value().length, maxRecordBytes);
        } else {
            try {
                T record = parser.parse(raw);
                parsed.inc();
                out.collect(record);
                return;
            } catch (BadRecordException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                // A parser bug must not stop the stream either; the record and the cause are kept,
                // and the first few are logged with their stack trace for the bug report.
                error = "unexpected parser error: " + e;
                parserErrors.inc();
                if (parserErrors.getCount() <= 10) {
                    LOG.warn("parser error on {} (a bug: please report it)", raw.origin(), e);
                }
            }
        }
        deadLetters.inc();
        ctx.output(DEAD_LETTERS, DeadLetter.of(raw, error));
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }
}
