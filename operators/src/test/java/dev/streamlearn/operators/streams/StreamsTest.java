package dev.streamlearn.operators.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.schema.Attribute;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsTest {

    /** The repository's copy of Electricity, from the module folder (where surefire runs). */
    private static final Path ELEC = Path.of("../data/elecNormNew.arff");

    private static final String SCHEMA_JSON =
            """
            {"name": "weather",
             "attributes": [{"name": "outlook", "values": ["sunny", "overcast", "rainy"]},
                            {"name": "temperature", "type": "numeric"},
                            {"name": "humidity", "type": "numeric"}],
             "classes": ["no", "yes"]}
            """;

    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static List<Example> readAll(LabelledStream stream) {
        List<Example> out = new ArrayList<>();
        while (stream.hasNext()) {
            out.add(stream.next());
        }
        return out;
    }

    @Test
    void readsTheElectricityDataSetFromTheClassPath() {
        try (FileStream stream = FileStream.arff(DataSets.ELEC)) {
            StreamSchema schema = stream.schema();
            assertThat(schema.numAttributes()).isEqualTo(8);
            assertThat(schema.attributes())
                    .extracting(Attribute::name)
                    .containsExactly(
                            "date",
                            "day",
                            "period",
                            "nswprice",
                            "nswdemand",
                            "vicprice",
                            "vicdemand",
                            "transfer");
            assertThat(schema.attribute(1).values())
                    .containsExactly("1", "2", "3", "4", "5", "6", "7");
            assertThat(schema.classValues()).containsExactly("UP", "DOWN");

            List<Example> all = readAll(stream);
            assertThat(all).hasSize(45_312);
            // first row: 0,2,0,0.056443,0.439155,0.003467,0.422915,0.414912,UP
            assertThat(all.get(0).x())
                    .containsExactly(0, 1, 0, 0.056443, 0.439155, 0.003467, 0.422915, 0.414912);
            assertThat(all.get(0).y()).isZero();
            // last row: 0.9158,7,1,0.050679,0.288753,0.003542,0.355256,0.23114,DOWN
            assertThat(all.get(all.size() - 1).x()[1]).isEqualTo(6);
            assertThat(all.get(all.size() - 1).y()).isEqualTo(1);
            assertThat(all).allSatisfy(e -> assertThat(e.x()).hasSize(8));
            assertThatThrownBy(stream::next)
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("elecNormNew.arff");
        }
    }

    @Test
    void streamsOpensAnArffBySpec() {
        try (LabelledStream stream = Streams.open(ELEC.toString(), null)) {
            assertThat(stream).isInstanceOf(FileStream.class);
            assertThat(stream.schema().numClasses()).isEqualTo(2);
            assertThat(stream.hasNext()).isTrue();
        }
    }

    @Test
    void theShippedDataSetIsTheRepositorysFileAndOpensByName() {
        try (LabelledStream byName = Streams.open("ELEC", null);
                LabelledStream byFile = Streams.open(ELEC.toString(), null)) {
            assertThat(byName.schema()).isEqualTo(byFile.schema());
            List<Example> a = readAll(byName);
            List<Example> b = readAll(byFile);
            assertThat(a).hasSameSizeAs(b);
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i).x()).as("row %d", i).containsExactly(b.get(i).x());
                assertThat(a.get(i).y()).as("row %d", i).isEqualTo(b.get(i).y());
            }
        }
        assertThat(DataSets.named(" elec ")).contains(DataSets.ELEC);
        assertThat(DataSets.named("electricity")).isEmpty();
    }

    @Test
    void readsACsvWithAHeaderRowAndASchemaFile() throws IOException {
        Path schema = write("weather.json", SCHEMA_JSON);
        Path csv =
                write(
                        "weather.csv",
                        """
                        outlook,temperature,humidity,play
                        sunny,85,85,no
                        overcast,83,86,yes

                        rainy,"70.5",96,yes
                        """);
        try (LabelledStream stream = Streams.open(csv.toString(), schema)) {
            assertThat(stream.schema().name()).isEqualTo("weather");
            List<Example> all = readAll(stream);
            assertThat(all).hasSize(3);
            assertThat(all.get(0).x()).containsExactly(0, 85, 85);
            assertThat(all.get(0).y()).isZero();
            assertThat(all.get(1).x()).containsExactly(1, 83, 86);
            assertThat(all.get(1).y()).isEqualTo(1);
            assertThat(all.get(2).x()).containsExactly(2, 70.5, 96);
            assertThat(all.get(2).y()).isEqualTo(1);
        }
    }

    @Test
    void readsACsvWithoutAHeaderRow() throws IOException {
        Path schema = write("weather.json", SCHEMA_JSON);
        Path csv = write("weather.csv", "sunny,85,85,no\nrainy,70,96,yes\n");
        try (LabelledStream stream = Streams.open(csv.toString(), schema)) {
            assertThat(readAll(stream)).extracting(Example::y).containsExactly(0, 1);
        }
    }

    @Test
    void aCsvNeedsASchema() throws IOException {
        Path csv = write("weather.csv", "sunny,85,85,no\n");
        assertThatThrownBy(() -> Streams.open(csv.toString(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--schema");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.arff");
        assertThatThrownBy(() -> Streams.open(missing.toString(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.arff")
                .hasMessageContaining("does not exist");
    }

    private static StreamSchema weather() {
        return new StreamSchema(
                "weather",
                List.of(
                        Attribute.nominal("outlook", List.of("sunny", "overcast", "rainy")),
                        Attribute.numeric("temperature"),
                        Attribute.numeric("humidity")),
                List.of("no", "yes"));
    }

    /** Reads every row of {@code csv}; the error comes from the bad row. */
    private void assertCsvFails(String rows, String... messageParts) throws IOException {
        Path csv = write("bad.csv", rows);
        assertThatThrownBy(
                        () -> {
                            try (FileStream stream = FileStream.csv(csv, weather())) {
                                readAll(stream);
                            }
                        })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(csv.toString())
                .hasMessageContaining("line 3")
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void aNonNumericCellNamesFileLineAndAttribute() throws IOException {
        assertCsvFails(
                "outlook,temperature,humidity,play\nsunny,85,85,no\nrainy,warm,96,yes\n",
                "'warm'",
                "'temperature'",
                "not a number");
    }

    @Test
    void aRowWithTooFewColumnsNamesFileAndLine() throws IOException {
        assertCsvFails("sunny,85,85,no\n\nrainy,96,yes\n", "has 3 columns", "expected 3");
    }

    @Test
    void anUndeclaredNominalValueNamesFileLineAndValues() throws IOException {
        assertCsvFails(
                "sunny,85,85,no\n% a comment\nfoggy,70,96,yes\n",
                "'foggy'", "outlook", "[sunny, overcast, rainy]");
    }

    @Test
    void anUndeclaredClassNamesFileAndLine() throws IOException {
        assertCsvFails("sunny,85,85,no\nsunny,85,85,no\nrainy,70,96,maybe\n", "'maybe'", "class");
    }

    @Test
    void arffErrorsGiveTheLineInTheWholeFile() throws IOException {
        Path arff =
                write(
                        "tiny.arff",
                        """
                        @relation tiny
                        @attribute a numeric
                        @attribute class {x,y}
                        @data
                        1,x
                        oops,y
                        """);
        assertThatThrownBy(
                        () -> {
                            try (FileStream stream = FileStream.arff(arff)) {
                                readAll(stream);
                            }
                        })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(arff.toString())
                .hasMessageContaining("line 6")
                .hasMessageContaining("'oops'");
    }

    @Test
    void opensAMoaGeneratorBySpec() {
        try (LabelledStream a = Streams.open("generators.SEAGenerator -i 3", null);
                LabelledStream b = Streams.open("generators.SEAGenerator -i 3", null)) {
            assertThat(a).isInstanceOf(MoaGeneratorStream.class);
            assertThat(a.schema().numAttributes()).isEqualTo(3);
            assertThat(a.schema().numClasses()).isEqualTo(2);
            for (int i = 0; i < 100; i++) {
                Example ea = a.next();
                Example eb = b.next();
                assertThat(ea.x()).hasSize(3).containsExactly(eb.x());
                assertThat(ea.y()).isEqualTo(eb.y()).isBetween(0, 1);
            }
        }
    }

    @Test
    void aMoaGeneratorWithNominalAttributesGivesValueIndexes() {
        try (LabelledStream led = MoaGeneratorStream.open("generators.LEDGenerator")) {
            assertThat(led.schema().numAttributes()).isEqualTo(24);
            assertThat(led.schema().numClasses()).isEqualTo(10);
            for (int i = 0; i < 100; i++) {
                Example e = led.next();
                for (double v : e.x()) {
                    assertThat(v).isIn(0.0, 1.0);
                }
                assertThat(e.y()).isBetween(0, 9);
            }
        }
    }

    @Test
    void aBadMoaStreamCliNamesTheString() {
        assertThatThrownBy(() -> Streams.open("generators.NoSuchGenerator", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'generators.NoSuchGenerator'");
    }
}
