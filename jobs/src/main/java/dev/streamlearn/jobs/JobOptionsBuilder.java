package dev.streamlearn.jobs;

import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.kafka.KafkaSinks;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.ParseFunction;
import dev.streamlearn.state.keyed.KeyedModelOptions;
import java.time.Duration;

/**
 * The part of every job's options builder that sets its {@link JobSettings}; {@code B} is the job's
 * own builder, which adds what only that job has. Defaults: ids {@code streamlearn-<job>}, {@link
 * ParseFunction#DEFAULT_MAX_RECORD_BYTES}, the default model cache, committed offsets, Kafka's
 * transaction timeouts.
 */
public abstract class JobOptionsBuilder<B extends JobOptionsBuilder<B>> {
    private final String bootstrapServers;
    private ClientProperties kafka = ClientProperties.NONE;
    private String groupId;
    private String transactionalIdPrefix;
    private int maxRecordBytes = ParseFunction.DEFAULT_MAX_RECORD_BYTES;
    private KeyedModelOptions models = KeyedModelOptions.defaults();
    private KafkaSources.StartFrom startFrom = KafkaSources.StartFrom.COMMITTED;
    private Duration transactionTimeout = KafkaSinks.DEFAULT_TRANSACTION_TIMEOUT;
    private Duration brokerMaxTransactionTimeout =
            KafkaSinks.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;

    /** The settings of the job called {@code name}: ids {@code streamlearn-<name>}. */
    protected JobOptionsBuilder(String bootstrapServers, String name) {
        this.bootstrapServers = bootstrapServers;
        this.groupId = "streamlearn-" + name;
        this.transactionalIdPrefix = "streamlearn-" + name;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The consumer group and the sinks' transactional id prefix, both unique per job. */
    public B ids(String group, String prefix) {
        this.groupId = group;
        this.transactionalIdPrefix = prefix;
        return self();
    }

    /** The cluster's client properties (security, tuning) for every source and sink. */
    public B kafka(ClientProperties client) {
        this.kafka = client;
        return self();
    }

    /** Records above this size are dead letters. */
    public B maxRecordBytes(int max) {
        this.maxRecordBytes = max;
        return self();
    }

    /** The heap cache and expiry of the per-key models. */
    public B models(KeyedModelOptions m) {
        this.models = m;
        return self();
    }

    /** Where to start reading without a checkpoint. */
    public B startFrom(KafkaSources.StartFrom start) {
        this.startFrom = start;
        return self();
    }

    /**
     * The sinks' transaction timeout (10 minutes by default) and the brokers' maximum (Kafka's
     * default is 15 minutes): output of a checkpoint is lost if the job needs longer than the
     * timeout to recover, so long recoveries need both raised.
     */
    public B transactionTimeout(Duration timeout, Duration brokerMax) {
        this.transactionTimeout = timeout;
        this.brokerMaxTransactionTimeout = brokerMax;
        return self();
    }

    /** The settings as set so far (validated). */
    protected JobSettings settings() {
        return new JobSettings(
                bootstrapServers,
                kafka,
                groupId,
                transactionalIdPrefix,
                maxRecordBytes,
                models,
                startFrom,
                transactionTimeout,
                brokerMaxTransactionTimeout);
    }
}
