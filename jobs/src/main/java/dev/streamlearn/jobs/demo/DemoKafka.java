package dev.streamlearn.jobs.demo;

import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The demo's Kafka: a broker of its own in this JVM whose log folder lives in the demo's output
 * folder (so that {@code --resume} finds its topics again), or an outside cluster with the user's
 * client properties.
 */
public final class DemoKafka implements AutoCloseable {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Where the demo's Kafka is.
     *
     * @param port the port of the demo's own broker for outside clients; 0 for any free one
     * @param bootstrapServers an outside cluster to use instead of a broker of its own; null for
     *     its own
     * @param client the client properties for the outside cluster (security)
     */
    public record Where(int port, String bootstrapServers, ClientProperties client) {
        public static Where own(int port) {
            return new Where(port, null, ClientProperties.NONE);
        }

        public boolean outside() {
            return bootstrapServers != null;
        }
    }

    private final EmbeddedKafka embedded;
    private final String bootstrap;
    private final ClientProperties client;

    private DemoKafka(EmbeddedKafka embedded, String bootstrap, ClientProperties client) {
        this.embedded = embedded;
        this.bootstrap = bootstrap;
        this.client = client;
    }

    /**
     * Connects to the outside cluster (checking the credentials), or starts the demo's own broker
     * on {@code logFolder}, with the topics and records it holds from an earlier demo.
     */
    static DemoKafka open(Where where, Path logFolder) {
        if (where.outside()) {
            where.client().check(where.bootstrapServers(), Duration.ofSeconds(20));
            return new DemoKafka(null, where.bootstrapServers(), where.client());
        }
        EmbeddedKafka kafka =
                EmbeddedKafka.start(
                        EmbeddedKafka.Options.defaults()
                                .withPort(where.port())
                                .withDataDir(logFolder.toAbsolutePath()));
        return new DemoKafka(kafka, kafka.bootstrapServers(), ClientProperties.NONE);
    }

    String bootstrapServers() {
        return bootstrap;
    }

    ClientProperties client() {
        return client;
    }

    /** Creates those of the topics that do not exist yet, with the cluster's replication. */
    void createTopics(int partitions, Collection<String> topics) {
        if (embedded != null) {
            embedded.createTopics(partitions, topics);
            return;
        }
        try (Admin admin = Admin.create(client.withBootstrap(bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, Optional.of(partitions), Optional.empty()));
                }
            }
            admin.createTopics(missing).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create the demo's topics "
                                + topics
                                + " on "
                                + bootstrap
                                + ": "
                                + e.getCause().getMessage()
                                + " (create them yourself, or give a user the right to)",
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer in 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * The records ever written to {@code topic} (the sum of its partitions' end offsets; the demo's
     * producers write no transaction markers there); 0 for a topic that does not exist.
     */
    long recordsIn(String topic) {
        try (Admin admin = Admin.create(client.withBootstrap(bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!existing.contains(topic)) {
                return 0;
            }
            TopicDescription d =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic);
            var request = new java.util.HashMap<TopicPartition, OffsetSpec>(d.partitions().size());
            d.partitions()
                    .forEach(
                            p ->
                                    request.put(
                                            new TopicPartition(topic, p.partition()),
                                            OffsetSpec.latest()));
            long sum = 0;
            for (var info : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values()) {
                sum += info.offset();
            }
            return sum;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read the end offsets of topic '" + topic + "' on " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading end offsets", e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
