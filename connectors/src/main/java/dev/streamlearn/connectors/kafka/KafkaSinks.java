package dev.streamlearn.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka sinks with Streamlearn's defaults: {@link DeliveryGuarantee#EXACTLY_ONCE}, a transactional
 * id prefix per job and topic, and a transaction timeout below the broker's maximum.
 *
 * <pre>{@code
 * KafkaSink<Prediction> sink = KafkaSinks.<Prediction>builder()
 *         .bootstrapServers("localhost:9092")
 *         .topic("predictions")
 *         .value(RecordJson::prediction)
 *         .key(Prediction::stream)
 *         .transactionalIdPrefix("streamlearn-driftmoe-predictions")
 *         .build();
 * }</pre>
 *
 * @param <T> the record type
 */
public final class KafkaSinks<T> {
    /**
     * Kafka brokers refuse transactions longer than this unless transaction.max.timeout.ms is
     * raised.
     */
    public static final Duration BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /** Long enough for a checkpoint plus a restart, short enough for the broker's default limit. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /** The timestamp the written Kafka records carry. */
    public enum RecordTime {
        /**
         * The Flink record's timestamp (Flink's default): the input's Kafka timestamp passed on, or
         * the event time a job assigned.
         */
        ELEMENT,
        /**
         * The time of writing (the producer's clock). For records whose event time comes from their
         * data and may lie far in the past (a backfill, a replayed history): a topic with time
         * retention deletes records older than its {@code retention.ms} at its next check (Kafka's
         * default: 7 days, checked every 5 minutes), committed or not.
         */
        WRITE
    }

    private String bootstrapServers;
    private String topic;
    private SerializableFunction<T, byte[]> value;
    private SerializableFunction<T, String> key;
    private DeliveryGuarantee guarantee = DeliveryGuarantee.EXACTLY_ONCE;
    private String transactionalIdPrefix;
    private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    private Duration brokerMaxTransactionTimeout = BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;
    private RecordTime recordTime = RecordTime.ELEMENT;
    private final Properties properties = new Properties();

    private KafkaSinks() {}

    public static <T> KafkaSinks<T> builder() {
        return new KafkaSinks<>();
    }

    public KafkaSinks<T> bootstrapServers(String servers) {
        this.bootstrapServers = servers;
        return this;
    }

    public KafkaSinks<T> topic(String topic) {
        this.topic = topic;
        return this;
    }

    /** How a record becomes the Kafka value bytes (required). */
    public KafkaSinks<T> value(SerializableFunction<T, byte[]> value) {
        this.value = value;
        return this;
    }

    /** The Kafka key (UTF-8); records of one key land in one partition, in order. */
    public KafkaSinks<T> key(SerializableFunction<T, String> key) {
        this.key = key;
        return this;
    }

    /** Defaults to EXACTLY_ONCE; AT_LEAST_ONCE suits interactive loops that deduplicate. */
    public KafkaSinks<T> deliveryGuarantee(DeliveryGuarantee guarantee) {
        this.guarantee = Objects.requireNonNull(guarantee, "guarantee");
        return this;
    }

    /** Required for EXACTLY_ONCE; must be unique per job and sink on a Kafka cluster. */
    public KafkaSinks<T> transactionalIdPrefix(String prefix) {
        this.transactionalIdPrefix = prefix;
        return this;
    }

    public KafkaSinks<T> transactionTimeout(Duration timeout) {
        this.transactionTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** The broker's transaction.max.timeout.ms, when it differs from Kafka's 15-minute default. */
    public KafkaSinks<T> brokerMaxTransactionTimeout(Duration max) {
        this.brokerMaxTransactionTimeout = Objects.requireNonNull(max, "max");
        return this;
    }

    /** Defaults to {@link RecordTime#ELEMENT}. */
    public KafkaSinks<T> recordTime(RecordTime time) {
        this.recordTime = Objects.requireNonNull(time, "time");
        return this;
    }

    /** The cluster's client properties (security, tuning), see {@link ClientProperties}. */
    public KafkaSinks<T> properties(ClientProperties client) {
        properties.putAll(client.values());
        return this;
    }

    /** Any Kafka producer property, e.g. {@code linger.ms}. */
    public KafkaSinks<T> property(String name, String value) {
        properties.setProperty(name, value);
        return this;
    }

    /** Checks the settings and builds the sink; every error says which setting to fix. */
    public KafkaSink<T> build() {
        KafkaSources.requireText(bootstrapServers, "bootstrap servers", "e.g. localhost:9092");
        KafkaSources.requireText(topic, "sink topic", "e.g. predictions");
        if (value == null) {
            throw new IllegalArgumentException(
                    "the sink for topic '" + topic + "' has no value serializer; call value(...)");
        }
        var sink =
                KafkaSink.<T>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setKafkaProducerConfig(properties)
                        .setDeliveryGuarantee(guarantee)
                        .setRecordSerializer(serializer());
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            KafkaSources.requireText(
                    transactionalIdPrefix,
                    "transactional id prefix of the EXACTLY_ONCE sink for topic '" + topic + "'",
                    "unique per job, e.g. streamlearn-<job>-" + topic);
            if (transactionTimeout.compareTo(brokerMaxTransactionTimeout) > 0) {
                throw new IllegalArgumentException(
                        String.format(
                                "the transaction timeout %s of the sink for topic '%s' is above the"
                                        + " broker's transaction.max.timeout.ms %s, so every"
                                        + " transaction would be refused; lower it, or raise the"
                                        + " broker's limit and say so with brokerMaxTransactionTimeout(...)"
                                        + " (--broker-max-transaction-timeout on the command line)",
                                human(transactionTimeout),
                                topic,
                                human(brokerMaxTransactionTimeout)));
            }
            sink.setTransactionalIdPrefix(transactionalIdPrefix)
                    .setProperty(
                            "transaction.timeout.ms", Long.toString(transactionTimeout.toMillis()));
        }
        return sink.build();
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) {
            return (ms / 60_000) + " min";
        }
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** The record serializer of the sink (package-private for tests). */
    KafkaRecordSerializationSchema<T> serializer() {
        var b =
                KafkaRecordSerializationSchema.<T>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new FunctionSchema<>(value));
        if (key != null) {
            SerializableFunction<T, String> k = key;
            b.setKeySerializationSchema(
                    new FunctionSchema<T>(r -> k.apply(r).getBytes(StandardCharsets.UTF_8)));
        }
        KafkaRecordSerializationSchema<T> schema = b.build();
        return recordTime == RecordTime.WRITE ? new WriteTimeSchema<>(schema) : schema;
    }

    /** Passes no timestamp on, so that the producer stamps each record when it is written. */
    private static final class WriteTimeSchema<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final KafkaRecordSerializationSchema<T> schema;

        WriteTimeSchema(KafkaRecordSerializationSchema<T> schema) {
            this.schema = schema;
        }

        @Override
        public void open(
                SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
                throws Exception {
            schema.open(context, sinkContext);
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                T element, KafkaSinkContext context, Long timestamp) {
            return schema.serialize(element, context, null);
        }
    }

    /** A serialization schema from a function (a lambda's types cannot be inferred by Flink). */
    private static final class FunctionSchema<T> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<T, byte[]> function;

        FunctionSchema(SerializableFunction<T, byte[]> function) {
            this.function = function;
        }

        @Override
        public byte[] serialize(T element) {
            return function.apply(element);
        }
    }
}
