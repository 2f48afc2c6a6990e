package dev.streamlearn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The calls {@code flink run} makes against a session cluster's REST API, and those a test needs to
 * watch the job: upload the jar, run its main class with arguments, read the job's state, restarts
 * and checkpoints, cancel it.
 */
final class FlinkRest {
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    FlinkRest(String baseUrl) {
        this.base = baseUrl;
    }

    /** Uploads a jar (POST /jars/upload) and returns its id on the cluster. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----streamlearn" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode reply =
                send(
                        HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String path = reply.path("filename").asText("");
        if (!"success".equals(reply.path("status").asText()) || path.isEmpty()) {
            throw new IllegalStateException("upload of " + jar + " failed: " + reply);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Runs the main class of an uploaded jar (POST /jars/:id/run) and returns the job id. */
    String run(String jarId, String entryClass, List<String> args, int parallelism)
            throws IOException, InterruptedException {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("entryClass", entryClass);
        request.putPOJO("programArgsList", args);
        request.put("parallelism", parallelism);
        JsonNode reply =
                send(
                        HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                Json.MAPPER.writeValueAsString(request))));
        String jobId = reply.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new IllegalStateException("running " + entryClass + " " + args + ": " + reply);
        }
        return jobId;
    }

    /** The job's state: RUNNING, RESTARTING, CANCELED, FAILED, ... */
    String state(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** How many subtasks of the job are running. */
    int runningTasks(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("status-counts").path("RUNNING").asInt();
    }

    /** Completed checkpoints of the job. */
    long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** The failures the job went through (its exception history), latest first. */
    List<String> failures(String jobId) throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        for (JsonNode e :
                get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
            failures.add(e.path("exceptionName").asText() + ": " + e.path("stacktrace").asText());
        }
        return failures;
    }

    /** Registered TaskManagers and free slots, from /overview. */
    JsonNode overview() throws IOException, InterruptedException {
        return get("/overview");
    }

    /** Cancels the job (PATCH /jobs/:id?mode=cancel). */
    void cancel(String jobId) throws IOException, InterruptedException {
        send(
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /** The body of a GET, as text (e.g. the web UI's index page). */
    String getText(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + base + path + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        request.timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(
                    r.request().method()
                            + " "
                            + r.request().uri()
                            + ": HTTP "
                            + r.statusCode()
                            + " "
                            + r.body());
        }
        return r.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body());
    }
}
