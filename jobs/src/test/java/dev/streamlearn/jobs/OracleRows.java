package dev.streamlearn.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows and outputs that PyTorch computed for the bundled test models when {@code
 * make_models.py} wrote them: the oracle of the gpu-udf module's tests, read from that module's
 * folder (the tests run from the jobs module's folder).
 */
final class OracleRows {
    private static final Path ORACLE =
            Path.of("..", "gpu-udf", "src", "test", "resources", "models", "oracle.json");

    private OracleRows() {}

    /** Each oracle row of the 8-32-3 MLP as {@code {input, output}}. */
    static List<float[][]> mlp() throws IOException {
        List<float[][]> out = new ArrayList<>();
        JsonNode cases =
                Json.MAPPER.readTree(ORACLE.toFile()).path("models").path("mlp").path("cases");
        for (JsonNode c : cases) {
            for (int r = 0; r < c.path("rows").size(); r++) {
                out.add(
                        new float[][] {
                            floats(c.path("rows").get(r)), floats(c.path("outputs").get(r))
                        });
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no oracle rows for mlp in " + ORACLE.toAbsolutePath());
        }
        return out;
    }

    private static float[] floats(JsonNode values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
    }
}
