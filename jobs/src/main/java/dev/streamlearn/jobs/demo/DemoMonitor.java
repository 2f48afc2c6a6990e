package dev.streamlearn.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import dev.streamlearn.connectors.kafka.ClientProperties;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.jobs.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's live figures, read the way any user would: the output topics through a {@code
 * read_committed} consumer (what the exactly-once job committed) and the checkpoint counts through
 * Flink's REST API (the web UI's backend).
 */
final class DemoMonitor implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String restUrl;
    private final Map<String, JsonNode> latestMetrics = new TreeMap<>();
    private final List<JsonNode> deadLetterSamples = new ArrayList<>();
    private long predictions;
    private long deadLetters;
    private long checkpoints;

    DemoMonitor(String bootstrapServers, ClientProperties client, Topics topics, int webPort) {
        this.consumer = TopicReader.consumer(bootstrapServers, client, true);
        this.topics = topics;
        this.restUrl = "http://localhost:" + webPort;
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(topics.predictions(), topics.metrics(), topics.deadLetters())) {
            consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Reads what arrived since the last call; {@code jobId} may be null before the job runs. */
    void poll(String jobId) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            if (r.topic().equals(topics.predictions())) {
                predictions++;
            } else if (r.topic().equals(topics.deadLetters())) {
                deadLetters++;
                if (deadLetterSamples.size() < 8) {
                    deadLetterSamples.add(parse(r.value()));
                }
            } else {
                JsonNode m = parse(r.value());
                if (m != null) {
                    latestMetrics.put(m.path("stream").asText(), m);
                }
            }
        }
        if (jobId != null) {
            checkpoints = completedCheckpoints(jobId);
        }
    }

    private long completedCheckpoints(String jobId) {
        try {
            HttpResponse<String> res =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(restUrl + "/jobs/" + jobId + "/checkpoints"))
                                    .timeout(Duration.ofSeconds(1))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 200) {
                return Json.MAPPER
                        .readTree(res.body())
                        .path("counts")
                        .path("completed")
                        .asLong(checkpoints);
            }
        } catch (IOException e) {
            // the REST endpoint is briefly unavailable while the job starts or stops
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return checkpoints;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    long predictions() {
        return predictions;
    }

    long deadLetters() {
        return deadLetters;
    }

    long checkpoints() {
        return checkpoints;
    }

    Map<String, JsonNode> latestMetrics() {
        return latestMetrics;
    }

    List<JsonNode> deadLetterSamples() {
        return deadLetterSamples;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
