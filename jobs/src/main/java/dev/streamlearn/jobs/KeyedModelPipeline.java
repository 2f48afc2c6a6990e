package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.RecordParser;
import dev.streamlearn.connectors.kafka.ParseFunction;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.state.codec.ModelCodec;
import dev.streamlearn.state.keyed.KeyedModelFunction;
import dev.streamlearn.state.keyed.KeyedModelOperator;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The pipeline every keyed-model job runs between its Kafka sources and sinks: each input parsed
 * (bad records become dead letters) and mapped onto the model's input type, the inputs merged,
 * optionally timestamped with watermarks, keyed, and run through the keyed-model operator. A job
 * declares only what differs: its inputs, its watermarks, its key and its model.
 *
 * <p>Uids (savepoints map state by them): {@code <prefix>parse-<input>} for a parser, {@code
 * <prefix><input>-as-inputs} for the mapping onto the model's input type, {@code <prefix><name>}
 * for the watermarks, and the model operator's own uid. The jobs released so far keep their
 * prefixes (none for the prequential and RL jobs, {@code active-} for the active job); a new job
 * uses {@code <job>-}.
 *
 * <pre>{@code
 * KeyedModelPipeline.Result<Prediction> r =
 *         KeyedModelPipeline.<InstanceOrLabel>withUidPrefix("", settings.maxRecordBytes())
 *                 .input(raw, new InstanceParser(schemas), Instance.class, "instances",
 *                         InstanceOrLabel::of)
 *                 .model(InstanceOrLabel::stream, "prequential-learner", function, codec,
 *                         TypeInformation.of(Prediction.class), settings.models());
 * }</pre>
 *
 * @param <I> the model operator's input type
 */
public final class KeyedModelPipeline<I> {

    /**
     * The model operator's output and the dead letters of the inputs; the job adds its side
     * outputs.
     */
    public record Result<O>(
            SingleOutputStreamOperator<O> outputs, DataStream<DeadLetter> deadLetters) {}

    private final String uidPrefix;
    private final int maxRecordBytes;
    private final List<DataStream<I>> inputs = new ArrayList<>();
    private final List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
    private final List<SingleOutputStreamOperator<?>> parsers = new ArrayList<>();
    private WatermarkStrategy<I> watermarks;
    private String watermarksName;
    private long bufferTimeoutMillis = -1;

    private KeyedModelPipeline(String uidPrefix, int maxRecordBytes) {
        this.uidPrefix = uidPrefix;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** A pipeline whose operator uids start with {@code uidPrefix}. */
    public static <I> KeyedModelPipeline<I> withUidPrefix(String uidPrefix, int maxRecordBytes) {
        return new KeyedModelPipeline<>(uidPrefix, maxRecordBytes);
    }

    /** An input of the model's own input type: parsed, then used as it is. */
    public KeyedModelPipeline<I> input(
            DataStream<RawRecord> raw, RecordParser<I> parser, Class<I> type, String name) {
        ParseFunction.Parsed<I> parsed = parse(raw, parser, type, name);
        inputs.add(parsed.records());
        return this;
    }

    /** An input parsed as {@code type}, then mapped onto the model's input type by {@code as}. */
    public <T> KeyedModelPipeline<I> input(
            DataStream<RawRecord> raw,
            RecordParser<T> parser,
            Class<T> type,
            String name,
            SerializableFunction<T, I> as,
            TypeInformation<I> inputType) {
        ParseFunction.Parsed<T> parsed = parse(raw, parser, type, name);
        inputs.add(
                parsed.records()
                        .map(as::apply, inputType)
                        .name(name)
                        .uid(uidPrefix + name + "-as-inputs"));
        return this;
    }

    private <T> ParseFunction.Parsed<T> parse(
            DataStream<RawRecord> raw, RecordParser<T> parser, Class<T> type, String name) {
        ParseFunction.Parsed<T> parsed =
                ParseFunction.apply(raw, parser, type, maxRecordBytes, uidPrefix + "parse-" + name);
        deadLetters.add(parsed.deadLetters());
        parsers.add(parsed.records());
        return parsed;
    }

    /** Event time and watermarks on the merged inputs, as operator {@code <prefix><name>}. */
    public KeyedModelPipeline<I> watermarks(WatermarkStrategy<I> strategy, String name) {
        this.watermarks = strategy;
        this.watermarksName = name;
        return this;
    }

    /**
     * How long the parsers and the model may hold records to fill a network buffer; 0 sends each
     * record at once (an interactive loop). Flink's default when not set.
     */
    public KeyedModelPipeline<I> bufferTimeout(long millis) {
        this.bufferTimeoutMillis = millis;
        return this;
    }

    /** Keys the merged inputs and runs them through the keyed-model operator {@code uid}. */
    public <M, O> Result<O> model(
            KeySelector<I, String> key,
            String uid,
            KeyedModelFunction<String, I, O, M> function,
            ModelCodec<M> codec,
            TypeInformation<O> outputType,
            KeyedModelOptions models) {
        if (inputs.isEmpty()) {
            throw new IllegalStateException("a keyed-model pipeline needs an input");
        }
        DataStream<I> merged = inputs.get(0);
        for (DataStream<I> more : inputs.subList(1, inputs.size())) {
            merged = merged.union(more);
        }
        if (watermarks != null) {
            merged =
                    merged.assignTimestampsAndWatermarks(watermarks)
                            .name(watermarksName)
                            .uid(uidPrefix + watermarksName);
        }
        SingleOutputStreamOperator<O> outputs =
                KeyedModelOperator.apply(
                        merged.keyBy(key), uid, function, codec, outputType, models);
        if (bufferTimeoutMillis >= 0) {
            parsers.forEach(p -> p.setBufferTimeout(bufferTimeoutMillis));
            outputs.setBufferTimeout(bufferTimeoutMillis);
        }
        DataStream<DeadLetter> dead = deadLetters.get(0);
        for (DataStream<DeadLetter> more : deadLetters.subList(1, deadLetters.size())) {
            dead = dead.union(more);
        }
        return new Result<>(outputs, dead);
    }
}
