package dev.streamlearn.gpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The committed test models (src/test/resources/models, written by src/test/python/make_models.py)
 * and the outputs PyTorch computed on fixed rows (oracle.json).
 */
public final class TestModels {
    /** 8 -> 32 -> 3. */
    public static final String SMALL = "mlp";

    /** 64 -> 1024 -> 1024 -> 16, 1,132,560 parameters. */
    public static final String LARGE = "mlp-1m";

    public record Case(String name, float[][] rows, float[][] outputs) {}

    public record Model(int inputWidth, int outputWidth, long parameters, List<Case> cases) {}

    public record Oracle(String torch, String onnx, long seed, Map<String, Model> models) {}

    private static Oracle oracle;

    private TestModels() {}

    public static synchronized Oracle oracle() {
        if (oracle == null) {
            try (InputStream in = TestModels.class.getResourceAsStream("/models/oracle.json")) {
                oracle = new ObjectMapper().readValue(in, Oracle.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return oracle;
    }

    public static Model model(String name) {
        return oracle().models().get(name);
    }

    /** The model file {@code name.pt} or {@code name.onnx} for the engine. */
    public static Path file(String name, InferenceEngine engine) {
        return resource(name + (engine == InferenceEngine.PYTORCH ? ".pt" : ".onnx"));
    }

    /** The spec of a committed model with its true widths, on the CPU. */
    public static ModelSpec spec(String name, InferenceEngine engine) {
        Model m = model(name);
        return ModelSpec.of(file(name, engine), m.inputWidth(), m.outputWidth())
                .withDevice(DevicePreference.CPU);
    }

    public static Path resource(String fileName) {
        URL url = TestModels.class.getResource("/models/" + fileName);
        if (url == null) {
            throw new IllegalStateException("no test model " + fileName);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
