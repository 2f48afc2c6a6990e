package dev.streamlearn.operators.tpp.neural;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported files load with DJL alone: every parameter under its name, with its values. */
class NeuralTppExportTest {

    @Test
    void theSafetensorsFileHoldsEveryParameterByName(@TempDir Path dir) throws Exception {
        AttNhpConfig config = new AttNhpConfig(3, 8, 8, 2, 2, 5, 4, 2, 2, 0.1, 1e-3, 11);
        try (NeuralTpp tpp = NeuralTpp.create(config, new NeuralTpp.Training(2, 4, 5, 10))) {
            tpp.export(dir);
            Map<String, float[]> expected = tpp.model().parameters().values();
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
                // plain DJL: no class of this project reads the file
                NDList loaded =
                        NDList.decode(m, Files.readAllBytes(dir.resolve("model.safetensors")));
                assertThat(loaded).hasSize(expected.size());
                for (NDArray a : loaded) {
                    assertThat(expected).containsKey(a.getName());
                    assertThat(a.toFloatArray())
                            .as(a.getName())
                            .isEqualTo(expected.get(a.getName()));
                }
            }
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(dir.resolve("config.properties"))) {
                p.load(in);
            }
            assertThat(p.getProperty("types")).isEqualTo("3");
            assertThat(p.getProperty("pool")).isEqualTo("4");
        }
    }
}
