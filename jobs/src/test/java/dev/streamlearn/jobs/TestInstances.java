package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.operators.streams.LabelledStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Labelled instances for job tests: stream {@code s<k>}, id {@code s<k>-<i>}, keyed by stream. */
final class TestInstances {
    private TestInstances() {}

    static String id(int stream, int i) {
        return "s" + stream + "-" + i;
    }

    /**
     * Writes instances {@code from} to {@code from + n - 1} of {@code streams} streams, in turn,
     * each the next example of {@code source}, with its label.
     */
    static void produce(
            String bootstrap, String topic, LabelledStream source, int streams, int from, int n) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        List<String> classes = source.schema().classValues();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < from + n; i++) {
                for (int s = 0; s < streams; s++) {
                    LabelledStream.Example e = source.next();
                    List<Object> x = new ArrayList<>();
                    for (double v : e.x()) {
                        x.add(v);
                    }
                    String stream = "s" + s;
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    stream.getBytes(StandardCharsets.UTF_8),
                                    RecordJson.instance(
                                            stream, id(s, i), i, x, classes.get(e.y()))));
                }
            }
        }
    }
}
