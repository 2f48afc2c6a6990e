package dev.streamlearn.connectors.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamSchemasTest {

    /** Surefire runs in the module folder; the repository's data sets lie in ../data. */
    private static final Path ELEC = Path.of("../data/elecNormNew.arff");

    private static final String ELEC_JSON =
            "{\"name\": \"elec\","
                    + " \"attributes\": [{\"name\": \"day\", \"values\": [\"1\",\"2\",\"3\"]},"
                    + "                {\"name\": \"nswprice\", \"type\": \"numeric\"},"
                    + "                {\"name\": \"period\"}],"
                    + " \"classes\": [\"UP\", \"DOWN\"]}";

    // ---------------------------------------------------------------- JSON

    @Test
    void parsesNumericNominalAndClassesFromJson() {
        StreamSchema s = StreamSchemas.fromJson(ELEC_JSON);

        assertThat(s.name()).isEqualTo("elec");
        assertThat(s.numAttributes()).isEqualTo(3);
        assertThat(s.attribute(0).name()).isEqualTo("day");
        assertThat(s.attribute(0).isNumeric()).isFalse();
        assertThat(s.attribute(0).values()).containsExactly("1", "2", "3");
        assertThat(s.attribute(0).indexOf("3")).isEqualTo(2);
        assertThat(s.attribute(1).isNumeric()).isTrue();
        assertThat(s.attribute(2).isNumeric()).as("no type and no values means numeric").isTrue();
        assertThat(s.classValues()).containsExactly("UP", "DOWN");
        assertThat(s.numClasses()).isEqualTo(2);
        assertThat(s.classIndex("DOWN")).isEqualTo(1);
        assertThat(s.classIndex("SIDEWAYS")).isEqualTo(-1);
    }

    @Test
    void acceptsRealIntegerAndExplicitNominalTypes() {
        StreamSchema s =
                StreamSchemas.fromJson(
                        "{\"attributes\": [{\"name\": \"a\", \"type\": \"REAL\"},"
                                + " {\"name\": \"b\", \"type\": \"integer\"},"
                                + " {\"name\": \"c\", \"type\": \"nominal\", \"values\": [\"x\",\"y\"]}],"
                                + " \"classes\": [\"0\", \"1\"]}");

        assertThat(s.name()).as("the default name").isEqualTo("stream");
        assertThat(s.attributes())
                .containsExactly(
                        Attribute.numeric("a"),
                        Attribute.numeric("b"),
                        Attribute.nominal("c", List.of("x", "y")));
    }

    @Test
    void rejectsJsonThatIsNotJson() {
        assertThatThrownBy(() -> StreamSchemas.fromJson("{\"name\": "))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> StreamSchemas.fromJson("[1, 2]"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> StreamSchemas.fromJson(""))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void rejectsMissingAttributes() {
        assertThatThrownBy(() -> StreamSchemas.fromJson("{\"classes\": [\"a\", \"b\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("needs an \"attributes\" array");
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"attributes\": {}, \"classes\": [\"a\", \"b\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("needs an \"attributes\" array");
    }

    @Test
    void rejectsEmptyAttributes() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"name\": \"s\", \"attributes\": [],"
                                                + " \"classes\": [\"a\", \"b\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("schema 's' declares no input attributes");
    }

    @Test
    void rejectsMissingClasses() {
        assertThatThrownBy(() -> StreamSchemas.fromJson("{\"attributes\": [{\"name\": \"a\"}]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("needs a \"classes\" array");
    }

    @Test
    void rejectsClassesThatAreNotAnArray() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"attributes\": [{\"name\": \"a\"}], \"classes\": \"UP\"}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("'classes'");
    }

    @Test
    void rejectsFewerThanTwoClasses() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"name\": \"s\", \"attributes\": [{\"name\": \"a\"}],"
                                                + " \"classes\": [\"UP\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("schema 's' declares 1 class values [UP]")
                .hasMessageContaining("at least two");
    }

    @Test
    void rejectsDuplicateClasses() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"attributes\": [{\"name\": \"a\"}],"
                                                + " \"classes\": [\"UP\", \"UP\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("lists a class value twice: [UP, UP]");
    }

    @Test
    void rejectsUnknownAttributeType() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"attributes\": [{\"name\": \"when\", \"type\": \"date\"}],"
                                                + " \"classes\": [\"a\", \"b\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("attribute 'when' has type 'date'")
                .hasMessageContaining("\"numeric\" or \"nominal\"");
    }

    @Test
    void rejectsNominalAttributeWithoutValues() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"attributes\": [{\"name\": \"day\", \"type\": \"nominal\"}],"
                                                + " \"classes\": [\"a\", \"b\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("'day' needs a \"values\" array");
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"attributes\": [{\"name\": \"day\", \"values\": []}],"
                                                + " \"classes\": [\"a\", \"b\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("nominal attribute 'day' has no values");
    }

    @Test
    void rejectsAttributeWithoutName() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"attributes\": [{\"type\": \"numeric\"}],"
                                                + " \"classes\": [\"a\", \"b\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("empty name");
    }

    @Test
    void rejectsDuplicateAttributeNamesAndValues() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"name\": \"s\", \"attributes\": [{\"name\": \"a\"},"
                                                + " {\"name\": \"a\"}], \"classes\": [\"x\", \"y\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("schema 's' names an attribute twice");
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromJson(
                                        "{\"attributes\": [{\"name\": \"d\", \"values\": [\"1\","
                                                + " \"1\"]}], \"classes\": [\"x\", \"y\"]}"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("nominal attribute 'd' lists a value twice");
    }

    // ---------------------------------------------------------------- ARFF

    @Test
    void parsesArffHeaderWithCommentsQuotedNamesAndAnyCase() {
        String arff =
                "% a comment before the relation\n"
                        + "@RELATION 'my stream'\n"
                        + "\n"
                        + "  % an indented comment\n"
                        + "@attribute 'first value' numeric\n"
                        + "@Attribute \"colour\" {'red', \"green\" , blue}\n"
                        + "@attribute count INTEGER\n"
                        + "@attribute ratio real\n"
                        + "@attribute class {UP,DOWN}\n"
                        + "@DATA\n"
                        + "1,red,2,0.5,UP\n";

        StreamSchema s = StreamSchemas.fromArff(arff);

        assertThat(s.name()).isEqualTo("my stream");
        assertThat(s.attributes())
                .containsExactly(
                        Attribute.numeric("first value"),
                        Attribute.nominal("colour", List.of("red", "green", "blue")),
                        Attribute.numeric("count"),
                        Attribute.numeric("ratio"));
        assertThat(s.classValues()).containsExactly("UP", "DOWN");
    }

    @Test
    void arffHeaderStopsAtDataSoTheReaderGoesOnWithTheRows() throws IOException {
        BufferedReader reader =
                new BufferedReader(
                        new StringReader(
                                "@relation r\n"
                                        + "@attribute a numeric\n"
                                        + "@attribute class {0,1}\n"
                                        + "@data\n"
                                        + "0.5,1\n"));

        ArffHeader header = ArffHeader.parse(reader);

        assertThat(header.linesRead()).isEqualTo(4);
        assertThat(header.schema().numAttributes()).isEqualTo(1);
        assertThat(ArffHeader.splitRow(reader.readLine())).containsExactly("0.5", "1");
        assertThat(reader.readLine()).isNull();
    }

    @Test
    void readsTheRealElectricityHeader() throws IOException {
        StreamSchema elec = StreamSchemas.read(ELEC);

        assertThat(elec.numAttributes()).isEqualTo(8);
        assertThat(elec.attributes())
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
        assertThat(elec.attribute(1).values()).containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(elec.classValues()).containsExactly("UP", "DOWN");

        try (BufferedReader reader = Files.newBufferedReader(ELEC, StandardCharsets.UTF_8)) {
            ArffHeader header = ArffHeader.parse(reader);
            List<String> firstRow = ArffHeader.splitRow(reader.readLine());
            assertThat(firstRow).hasSize(elec.numAttributes() + 1);
            assertThat(elec.classIndex(firstRow.get(8))).isNotNegative();
            assertThat(header.linesRead()).isGreaterThan(9);
        }
    }

    @Test
    void readsJsonSchemaFileAndRejectsUnknownExtensionOrMissingFile(@TempDir Path dir)
            throws IOException {
        Path json = Files.writeString(dir.resolve("elec.JSON"), ELEC_JSON);
        assertThat(StreamSchemas.read(json).name()).isEqualTo("elec");

        Path yaml = Files.writeString(dir.resolve("elec.yaml"), "name: elec");
        assertThatThrownBy(() -> StreamSchemas.read(yaml))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("name it *.json or *.arff");

        Path missing = dir.resolve("nope.arff");
        assertThatThrownBy(() -> StreamSchemas.read(missing))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void rejectsArffLinesThatAreNotDeclarations() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromArff(
                                        "@relation r\n@attribute a numeric\nhello\n@data\n"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("ARFF line 3 is not @relation, @attribute or @data: 'hello'");
    }

    @Test
    void rejectsUnsupportedArffTypes() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromArff(
                                        "@relation r\n@attribute name string\n"
                                                + "@attribute class {a,b}\n@data\n"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("ARFF line 2: attribute 'name' has type 'string'");
    }

    @Test
    void rejectsNumericArffClass() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromArff(
                                        "@relation r\n@attribute a numeric\n"
                                                + "@attribute target numeric\n@data\n"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("the last ARFF attribute 'target' is the class")
                .hasMessageContaining("must be nominal");
    }

    @Test
    void rejectsArffWithoutInputAttributes() {
        assertThatThrownBy(() -> StreamSchemas.fromArff("@relation r\n@attribute c {a,b}\n@data\n"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("at least one input attribute and a class attribute");
        assertThatThrownBy(() -> StreamSchemas.fromArff("% only a comment\n"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("no ARFF header found");
    }

    @Test
    void rejectsBrokenArffAttributeDeclarations() {
        assertThatThrownBy(
                        () ->
                                StreamSchemas.fromArff(
                                        "@relation r\n@attribute 'open numeric\n@data\n"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("ARFF line 2: unclosed quote");
        assertThatThrownBy(() -> StreamSchemas.fromArff("@relation r\n@attribute c {a,b\n@data\n"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("ARFF line 2: nominal attribute 'c' has no closing '}'");
    }

    // ---------------------------------------------------------------- rows

    @Test
    void splitsRowsHonouringQuotes() {
        assertThat(ArffHeader.splitRow("0, 2 ,0.5,UP")).containsExactly("0", "2", "0.5", "UP");
        assertThat(ArffHeader.splitRow("'a,b',\"c, d\",e")).containsExactly("a,b", "c, d", "e");
        assertThat(ArffHeader.splitRow("\"it's\",'say \"hi\"'"))
                .containsExactly("it's", "say \"hi\"");
        assertThat(ArffHeader.splitRow("a,,b,")).containsExactly("a", "", "b", "");
        assertThat(ArffHeader.splitRow("")).containsExactly("");
    }

    // ---------------------------------------------------------------- catalog

    @Test
    void catalogKnowsListedStreamsOrEveryStream() {
        StreamSchema elec = StreamSchemas.fromJson(ELEC_JSON);

        SchemaCatalog only = SchemaCatalog.of(Map.of("elec", elec));
        assertThat(only.forStream("elec")).contains(elec);
        assertThat(only.forStream("sea")).isEmpty();
        assertThat(only.describe()).isEqualTo("streams [elec]");

        SchemaCatalog all = SchemaCatalog.forAll(elec);
        assertThat(all.forStream("anything")).contains(elec);
        assertThat(all.describe()).isEqualTo("any stream");

        assertThatThrownBy(() -> SchemaCatalog.of(Map.of()))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("at least one stream");
    }
}
