package dev.streamlearn.jobs.produce;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.TppEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes point-process events to a topic as the jobs read them ({@code {"entity":...,"ts":...,
 * "type":...,"truth_ll":...}}), keyed by entity, in the given order.
 */
public final class TppEventWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<String> types;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /**
     * @param client the producer's properties, bootstrap servers included
     * @param types the type names, by index
     */
    public TppEventWriter(Properties client, String topic, List<String> types) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
        this.types = List.copyOf(types);
    }

    /** Sends one event; throws when an earlier send failed. */
    public void send(TppEvent e) {
        if (failure.get() != null) {
            throw new IllegalStateException("writing to " + topic + " failed", failure.get());
        }
        producer.send(
                new ProducerRecord<>(
                        topic,
                        e.entity().getBytes(StandardCharsets.UTF_8),
                        RecordJson.tppEvent(e, types)),
                (m, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
    }

    /** Waits until every event sent is written; throws when one was not. */
    public void flush() {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("writing to " + topic + " failed", failure.get());
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /**
     * Writes {@code events} at a rate or as fast as possible, and waits until all are written.
     *
     * @param rate events per second; 0 for as fast as possible
     * @param progress called with the events sent so far, every 100,000
     */
    public static void write(
            Properties client,
            String topic,
            List<TppEvent> events,
            List<String> types,
            double rate,
            LongConsumer progress) {
        long begin = System.nanoTime();
        try (TppEventWriter w = new TppEventWriter(client, topic, types)) {
            for (int i = 0; i < events.size(); i++) {
                w.send(events.get(i));
                pace(rate, i + 1, begin);
                if ((i + 1) % 100_000 == 0) {
                    progress.accept(i + 1);
                }
            }
            w.flush();
        }
    }

    /** Sleeps until {@code sent} events are due at the rate. */
    private static void pace(double rate, long sent, long begin) {
        if (rate <= 0) {
            return;
        }
        long due = begin + (long) (sent / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                Thread.sleep(wait / 1_000_000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing", ie);
            }
        }
    }
}
