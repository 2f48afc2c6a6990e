package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.kafka.KafkaSinks;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

/**
 * What every job sets the same way: where Kafka is and the job's ids there, the largest record it
 * takes, how its per-key models are held, where it starts reading without a checkpoint, and its
 * exactly-once sinks' transaction timeout. Each job's options hold one; {@link JobOptionsBuilder}
 * sets it, with the defaults.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param kafka the cluster's client properties (security, tuning) for every source and sink
 * @param groupId consumer group of the sources
 * @param transactionalIdPrefix prefix of the sinks' transactional ids, unique per job
 * @param maxRecordBytes records above this size are dead letters
 * @param models the heap cache and expiry of the per-key models
 * @param startFrom where to start reading without a checkpoint
 * @param transactionTimeout the sinks' Kafka transaction timeout: a job must recover within it
 * @param brokerMaxTransactionTimeout the brokers' transaction.max.timeout.ms
 */
public record JobSettings(
        String bootstrapServers,
        ClientProperties kafka,
        String groupId,
        String transactionalIdPrefix,
        int maxRecordBytes,
        KeyedModelOptions models,
        KafkaSources.StartFrom startFrom,
        Duration transactionTimeout,
        Duration brokerMaxTransactionTimeout) {

    public JobSettings {
        KafkaSources.requireText(bootstrapServers, "bootstrap servers", "e.g. localhost:9092");
        Objects.requireNonNull(
                kafka, "the client properties are missing; e.g. ClientProperties.NONE");
        KafkaSources.requireText(groupId, "consumer group id", "e.g. the job name");
        KafkaSources.requireText(
                transactionalIdPrefix, "transactional id prefix", "unique per job");
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be positive (records above it become dead letters), got "
                            + maxRecordBytes);
        }
        Objects.requireNonNull(
                models, "the model cache options are missing; e.g. KeyedModelOptions.defaults()");
        Objects.requireNonNull(
                startFrom, "the start position is missing; e.g. KafkaSources.StartFrom.COMMITTED");
        // KafkaSinks checks the timeout against the brokers' limit, with the fix, for each sink
        Objects.requireNonNull(
                transactionTimeout, "the sinks' transaction timeout is missing; e.g. 10 minutes");
        Objects.requireNonNull(
                brokerMaxTransactionTimeout,
                "the brokers' transaction.max.timeout.ms is missing; Kafka's default is 15 minutes");
    }

    /** A builder of the job's source of {@code topic}, for settings {@link #source} leaves. */
    public KafkaSourceBuilder<RawRecord> sourceBuilder(String topic) {
        return sourceBuilder(topic, groupId, startFrom);
    }

    /** The same with another consumer group and start position. */
    public KafkaSourceBuilder<RawRecord> sourceBuilder(
            String topic, String group, KafkaSources.StartFrom start) {
        return KafkaSources.rawBuilder(bootstrapServers, group, start, topic)
                .setProperties(kafka.withBootstrap(bootstrapServers));
    }

    /** The job's unbounded source of {@code topic}: its group, from its start position. */
    public KafkaSource<RawRecord> source(String topic) {
        return sourceBuilder(topic).build();
    }

    /**
     * Writes {@code stream} to {@code topic} exactly once. The sink's uid and transactional-id
     * prefix name its role, not its topic: a job restored with another topic name keeps its sink
     * state and its transactions. The records carry their Flink timestamps.
     */
    public <T> void sinkExactlyOnce(
            DataStream<T> stream,
            String role,
            String topic,
            SerializableFunction<T, byte[]> value,
            SerializableFunction<T, String> key) {
        sinkExactlyOnce(stream, role, topic, value, key, KafkaSinks.RecordTime.ELEMENT);
    }

    /** The same, with the Kafka timestamp the records carry. */
    public <T> void sinkExactlyOnce(
            DataStream<T> stream,
            String role,
            String topic,
            SerializableFunction<T, byte[]> value,
            SerializableFunction<T, String> key,
            KafkaSinks.RecordTime recordTime) {
        stream.sinkTo(
                        KafkaSinks.<T>builder()
                                .bootstrapServers(bootstrapServers)
                                .properties(kafka)
                                .topic(topic)
                                .value(value)
                                .key(key)
                                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                                .transactionalIdPrefix(transactionalIdPrefix + "-" + role)
                                .transactionTimeout(transactionTimeout)
                                .brokerMaxTransactionTimeout(brokerMaxTransactionTimeout)
                                .recordTime(recordTime)
                                .build())
                .name("kafka-" + topic)
                .uid("kafka-sink-" + role);
    }

    /** Adds {@code topic}, read by this job's {@link #source}, to {@code env} as {@code uid}. */
    public SingleOutputStreamOperator<RawRecord> read(
            StreamExecutionEnvironment env, String topic, String uid) {
        return read(env, source(topic), topic, uid);
    }

    /** Adds {@code source} of {@code topic} to {@code env}, as operator {@code uid}. */
    public SingleOutputStreamOperator<RawRecord> read(
            StreamExecutionEnvironment env,
            KafkaSource<RawRecord> source,
            String topic,
            String uid) {
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-" + topic).uid(uid);
    }

    /**
     * Writes dead letters to {@code topic} exactly once, keyed by origin so that those of all
     * source partitions spread out. Each is stamped with the time it was written (its record's own
     * timestamp is inside): a dead letter of an old record would otherwise be deleted by the
     * topic's time retention at its next check.
     */
    public void sinkDeadLetters(DataStream<DeadLetter> deadLetters, String role, String topic) {
        sinkExactlyOnce(
                deadLetters,
                role,
                topic,
                RecordJson::deadLetter,
                d -> d.topic() + "/" + d.partition() + "@" + d.offset(),
                KafkaSinks.RecordTime.WRITE);
    }
}
