package dev.streamlearn.jobs.bench;

import dev.streamlearn.connectors.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON every benchmark writes for scripts: the run's settings, then {@code "results"}, one
 * object per result record, written by Jackson from the record (its JSON names are annotated on the
 * record).
 *
 * <pre>{@code
 * BenchReport.writeJson(file, BenchReport.settings("stream", "elec"), results);
 * // {"stream": "elec", "results": [{"name": "driftmoe-data", "accuracy": 0.81, ...}]}
 * }</pre>
 */
public final class BenchReport {
    private BenchReport() {}

    /** Settings in the order given: key, value, key, value, ... */
    public static Map<String, Object> settings(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in key, value pairs");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    /** Writes the settings and the results to {@code file} (parent folders are created). */
    public static void writeJson(Path file, Map<String, ?> settings, List<?> results)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>(settings);
        root.put("results", results);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
