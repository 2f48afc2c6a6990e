package dev.streamlearn.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import dev.streamlearn.operators.tpp.online.OnlineTppConfig;
import dev.streamlearn.operators.tpp.online.StartingModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file is a record of the model topic: what is written reads back as the same model, a
 * version copied from a topic reads at its version, and a file of anything else says how to make
 * one.
 */
class TppModelFileTest {
    private static final NeuralTppCodec CODEC = new NeuralTppCodec();

    @TempDir Path dir;

    @Test
    void aWrittenModelReadsBackAsTheSameModelAtVersionZero() throws Exception {
        Path file = dir.resolve("sub/model.json");
        try (NeuralTpp model = OnlineTppConfig.defaults(3, false, 4).initialModel()) {
            TppModelFile.write(file, model);
            StartingModel start = TppModelFile.read(file);
            assertThat(start.version()).isZero();
            try (NeuralTpp back = start.model()) {
                assertThat(CODEC.encode(back)).isEqualTo(CODEC.encode(model));
            }
        }
        assertThat(Files.readString(file))
                .startsWith("{\"model\":\"tpp\",\"version\":0,")
                .endsWith("}\n");
    }

    @Test
    void aRecordCopiedFromTheModelTopicReadsAtItsVersion() throws Exception {
        Path file = dir.resolve("v12.json");
        try (NeuralTpp model = OnlineTppConfig.defaults(3, true, 4).initialModel()) {
            byte[] bytes = CODEC.encode(model);
            Files.write(
                    file,
                    RecordJson.modelSnapshot(
                            new ModelSnapshot(
                                    "tpp", 12, 1_732_600_000_000L, 1500, "neural-tpp", bytes)));
            assertThat(TppModelFile.read(file)).isEqualTo(StartingModel.of(12, bytes));
        }
    }

    @Test
    void aFileOfAnythingElseSaysHowToMakeAModel() throws Exception {
        Path events = dir.resolve("events.json");
        Files.writeString(
                events, "{\"entity\":\"u1\",\"ts\":1,\"type\":\"a\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TppModelFile.read(events))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a model record of the 'tpp' model topic")
                .hasMessageContaining("missing field \"model\"")
                .hasMessageContaining("streamlearn bench tpp --export-model");
        assertThatThrownBy(() -> TppModelFile.read(dir.resolve("missing.json")))
                .hasMessageContaining("is not a file; write a model with streamlearn bench tpp");
        Path other = dir.resolve("other.json");
        Files.write(
                other,
                RecordJson.modelSnapshot(
                        new ModelSnapshot("tpp", 1, 0, 0, "moa-learner", new byte[] {1})));
        assertThatThrownBy(() -> TppModelFile.read(other))
                .hasMessageContaining(
                        "holds a 'moa-learner' model; run tpp starts from a 'neural-tpp' model");
    }
}
