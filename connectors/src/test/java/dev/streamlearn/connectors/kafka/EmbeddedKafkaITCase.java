package dev.streamlearn.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded broker against plain Kafka clients: topics, records, a fixed port, transactions. */
class EmbeddedKafkaITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KafkaProducer<String, String> producer(String servers, Properties extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<String, String> consumer(
            String servers, String topic, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        c.partitionsFor(topic)
                .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return c;
    }

    /** Polls until {@code count} values arrived (no sleeps: Awaitility drives the polling). */
    private static List<String> readValues(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        await().atMost(TIMEOUT)
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .until(
                        () -> {
                            for (ConsumerRecord<String, String> r :
                                    consumer.poll(Duration.ofMillis(100))) {
                                values.add(r.value());
                            }
                            return values.size() >= count;
                        });
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void createsTopicsAndCarriesRecords() throws Exception {
        kafka.createTopics(2, "plain-in", "plain-out");
        kafka.createTopics(2, "plain-in", "plain-extra");

        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(admin.listTopics().names().get())
                    .contains("plain-in", "plain-out", "plain-extra");
            assertThat(
                            admin.describeTopics(Set.of("plain-in"))
                                    .allTopicNames()
                                    .get()
                                    .get("plain-in")
                                    .partitions())
                    .hasSize(2);
        }

        try (KafkaProducer<String, String> producer =
                producer(kafka.bootstrapServers(), new Properties())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("plain-in", "k" + (i % 3), "v" + i)).get();
            }
        }
        try (KafkaConsumer<String, String> consumer =
                consumer(kafka.bootstrapServers(), "plain-in", "read_uncommitted")) {
            assertThat(readValues(consumer, 10))
                    .containsExactlyInAnyOrder(
                            "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        }
    }

    @Test
    void aBrokerOnAFixedPortAnswersThere() throws Exception {
        int port = freePort();
        try (EmbeddedKafka fixed =
                EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(port))) {
            assertThat(fixed.bootstrapServers()).contains(":" + port);

            String servers = "localhost:" + port;
            fixed.createTopics(1, "fixed");
            try (KafkaProducer<String, String> producer = producer(servers, new Properties())) {
                producer.send(new ProducerRecord<>("fixed", "k", "hello")).get();
            }
            try (KafkaConsumer<String, String> consumer =
                    consumer(servers, "fixed", "read_committed")) {
                assertThat(readValues(consumer, 1)).containsExactly("hello");
            }
        }
    }

    @Test
    void aRestartedBrokerKeepsItsRecordsAndTakesNewOnes() throws Exception {
        try (EmbeddedKafka restarted = EmbeddedKafka.start()) {
            restarted.createTopics(2, "restart");
            String servers = restarted.bootstrapServers();
            try (KafkaProducer<String, String> producer = producer(servers, new Properties())) {
                producer.send(new ProducerRecord<>("restart", "a", "before")).get();
                restarted.restartBroker(Duration.ofSeconds(1));
                assertThat(restarted.bootstrapServers()).isEqualTo(servers);
                // the same producer reconnects: its send is retried until the broker is back
                producer.send(new ProducerRecord<>("restart", "a", "after")).get();
            }
            try (KafkaConsumer<String, String> consumer =
                    consumer(servers, "restart", "read_committed")) {
                assertThat(readValues(consumer, 2)).containsExactly("before", "after");
            }
        }
    }

    @Test
    void readCommittedSeesOnlyCommittedTransactions() throws Exception {
        kafka.createTopics(1, "tx");
        Properties tx = new Properties();
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-itcase");
        tx.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");

        try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers(), tx)) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "committed-1"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "aborted")).get();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "committed-2"));
            producer.commitTransaction();
        }

        try (KafkaConsumer<String, String> committed =
                consumer(kafka.bootstrapServers(), "tx", "read_committed")) {
            // committed-2 lies after the aborted record, so reading it means the abort was passed.
            assertThat(readValues(committed, 2)).containsExactly("committed-1", "committed-2");
            assertThat(committed.poll(Duration.ofMillis(200))).isEmpty();
        }
        try (KafkaConsumer<String, String> uncommitted =
                consumer(kafka.bootstrapServers(), "tx", "read_uncommitted")) {
            assertThat(readValues(uncommitted, 3))
                    .as("the aborted record was written, only hidden")
                    .containsExactly("committed-1", "aborted", "committed-2");
        }
    }
}
