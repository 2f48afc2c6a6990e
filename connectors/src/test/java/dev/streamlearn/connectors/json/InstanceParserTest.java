package dev.streamlearn.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.Attribute;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class InstanceParserTest {

    /** The electricity stream's shape: "day" is nominal, the other seven are numeric. */
    static final StreamSchema ELEC =
            new StreamSchema(
                    "elec",
                    List.of(
                            Attribute.numeric("date"),
                            Attribute.nominal("day", List.of("1", "2", "3", "4", "5", "6", "7")),
                            Attribute.numeric("period"),
                            Attribute.numeric("nswprice"),
                            Attribute.numeric("nswdemand"),
                            Attribute.numeric("vicprice"),
                            Attribute.numeric("vicdemand"),
                            Attribute.numeric("transfer")),
                    List.of("UP", "DOWN"));

    static final long KAFKA_TS = 1_732_600_000_000L;

    private final InstanceParser parser = new InstanceParser(SchemaCatalog.of(Map.of("s1", ELEC)));

    static RawRecord raw(String json) {
        return new RawRecord("instances", 0, 7L, KAFKA_TS, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A record of stream s1 with the given x array text and extra fields. */
    static String s1(String x, String extra) {
        return "{\"stream\":\"s1\",\"id\":\"42\",\"x\":" + x + extra + "}";
    }

    static final String GOOD_X = "[0.1,\"2\",0.5,0.05,0.43,0.003,0.42,0.41]";

    private AbstractThrowableAssert<?, ? extends Throwable> rejects(String json) {
        return assertThatThrownBy(() -> parser.parse(raw(json)))
                .isInstanceOf(BadRecordException.class);
    }

    @Test
    void parsesALabelledInstanceMappingNominalValuesToTheirIndex() throws Exception {
        Instance in = parser.parse(raw(s1(GOOD_X, ",\"ts\":1000,\"y\":\"DOWN\"")));

        assertThat(in.stream()).isEqualTo("s1");
        assertThat(in.id()).isEqualTo("42");
        assertThat(in.ts()).isEqualTo(1000L);
        assertThat(in.x()).containsExactly(0.1, 1.0, 0.5, 0.05, 0.43, 0.003, 0.42, 0.41);
        assertThat(in.y()).isEqualTo(1);
        assertThat(in.isLabelled()).isTrue();
    }

    @Test
    void yIsOptional() throws Exception {
        Instance absent = parser.parse(raw(s1(GOOD_X, "")));
        Instance explicitNull = parser.parse(raw(s1(GOOD_X, ",\"y\":null")));

        assertThat(absent.y()).isEqualTo(Instance.UNLABELLED);
        assertThat(absent.isLabelled()).isFalse();
        assertThat(explicitNull.isLabelled()).isFalse();
    }

    @Test
    void tsDefaultsToTheKafkaTimestamp() throws Exception {
        assertThat(parser.parse(raw(s1(GOOD_X, ""))).ts()).isEqualTo(KAFKA_TS);
        assertThat(parser.parse(raw(s1(GOOD_X, ",\"ts\":null"))).ts()).isEqualTo(KAFKA_TS);
    }

    @Test
    void acceptsNumericIdsAndIntegersForNumericAttributes() throws Exception {
        Instance in =
                parser.parse(
                        raw(
                                "{\"stream\":\"s1\",\"id\":17,"
                                        + "\"x\":[1,\"7\",0,0,0,0,0,-3],\"y\":\"UP\"}"));

        assertThat(in.id()).isEqualTo("17");
        assertThat(in.x()).containsExactly(1, 6, 0, 0, 0, 0, 0, -3);
        assertThat(in.y()).isZero();
    }

    @Test
    void anyStreamKeyIsAcceptedWithAFallbackSchema() throws Exception {
        InstanceParser any = new InstanceParser(SchemaCatalog.forAll(ELEC));

        Instance in = any.parse(raw("{\"stream\":\"x9\",\"id\":\"1\",\"x\":" + GOOD_X + "}"));

        assertThat(in.stream()).isEqualTo("x9");
    }

    // ------------------------------------------------------------ bad records

    @Test
    void rejectsMalformedJson() {
        rejects("{\"stream\":\"s1\",").hasMessageStartingWith("malformed JSON: ");
        rejects("{\"stream\":\"s1\"} trailing").hasMessageStartingWith("malformed JSON: ");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        rejects("[1,2,3]").hasMessage("expected a JSON object, got array");
        rejects("\"text\"").hasMessage("expected a JSON object, got string");
        rejects("null").hasMessage("expected a JSON object, got null");
    }

    @Test
    void rejectsMissingStream() {
        rejects("{\"id\":\"42\",\"x\":" + GOOD_X + "}").hasMessage("missing field \"stream\"");
        rejects("{\"stream\":\"\",\"id\":\"42\",\"x\":" + GOOD_X + "}")
                .hasMessage("field \"stream\" is an empty string");
        // found by RecordParsersFuzzTest: a key of spaces was accepted
        rejects("{\"stream\":\" \\t\",\"id\":\"42\",\"x\":" + GOOD_X + "}")
                .hasMessage("field \"stream\" is only whitespace; send a visible name or id");
        rejects("{\"stream\":[1],\"id\":\"42\",\"x\":" + GOOD_X + "}")
                .hasMessage("field \"stream\" must be a string, got array [1]");
    }

    @Test
    void rejectsMissingId() {
        rejects("{\"stream\":\"s1\",\"x\":" + GOOD_X + "}").hasMessage("missing field \"id\"");
        rejects("{\"stream\":\"s1\",\"id\":1.5,\"x\":" + GOOD_X + "}")
                .hasMessage("field \"id\" must be a string, got number 1.5");
    }

    @Test
    void rejectsMissingX() {
        rejects("{\"stream\":\"s1\",\"id\":\"42\"}")
                .hasMessage(
                        "missing field \"x\": stream 's1' needs an array of 8 attribute values");
        rejects(s1("{\"a\":1}", ""))
                .hasMessage("field \"x\" must be an array of 8 values, got object {\"a\":1}");
    }

    @Test
    void rejectsUnknownStream() {
        rejects("{\"stream\":\"s2\",\"id\":\"42\",\"x\":" + GOOD_X + "}")
                .hasMessage("unknown stream 's2': this job knows streams [s1]");
    }

    @Test
    void rejectsWrongArity() {
        rejects(s1("[1,2,3]", ""))
                .hasMessage("x has 3 values but stream 's1' declares 8 attributes");
    }

    @Test
    void rejectsAStringForANumericAttribute() {
        rejects(s1("[0.1,\"2\",\"0.5\",0,0,0,0,0]", ""))
                .hasMessage("x[2] ('period') must be a number, got string \"0.5\"");
    }

    @Test
    void rejectsANumberForANominalAttribute() {
        rejects(s1("[0.1,2,0.5,0,0,0,0,0]", ""))
                .hasMessage(
                        "x[1] ('day') is nominal and must be one of [1, 2, 3, 4, 5, 6, 7] as a"
                                + " string, got number 2");
    }

    @Test
    void rejectsNaN() {
        rejects(s1("[NaN,\"2\",0.5,0,0,0,0,0]", ""))
                .hasMessage("x[0] ('date') is NaN; values must be finite numbers");
    }

    @Test
    void rejectsInfinity() {
        rejects(s1("[0,\"2\",0.5,Infinity,0,0,0,0]", ""))
                .hasMessage("x[3] ('nswprice') is Infinity; values must be finite numbers");
        rejects(s1("[0,\"2\",0.5,-Infinity,0,0,0,0]", ""))
                .hasMessage("x[3] ('nswprice') is -Infinity; values must be finite numbers");
    }

    @Test
    void rejectsANumberThatOverflowsADouble() {
        rejects(s1("[0,\"2\",0.5,0,1e400,0,0,0]", ""))
                .hasMessage("x[4] ('nswdemand') is Infinity; values must be finite numbers");
    }

    @Test
    void rejectsAnUndeclaredNominalValue() {
        rejects(s1("[0,\"8\",0.5,0,0,0,0,0]", ""))
                .hasMessage(
                        "x[1] ('day') is '8', not one of its declared values [1, 2, 3, 4, 5, 6, 7]");
    }

    @Test
    void rejectsAnUndeclaredClass() {
        rejects(s1(GOOD_X, ",\"y\":\"SIDEWAYS\""))
                .hasMessage(
                        "y is string \"SIDEWAYS\", not a class of stream 's1'; classes are [UP,"
                                + " DOWN]");
        rejects(s1(GOOD_X, ",\"y\":true"))
                .hasMessage(
                        "y is boolean true, not a class of stream 's1'; classes are [UP, DOWN]");
    }

    @Test
    void rejectsANullValue() {
        rejects(s1("[0,\"2\",null,0,0,0,0,0]", ""))
                .hasMessage(
                        "x[2] ('period') is null; missing values are not supported, send a value");
    }

    @Test
    void rejectsABadTimestamp() {
        rejects(s1(GOOD_X, ",\"ts\":\"yesterday\""))
                .hasMessage(
                        "field \"ts\" must be an integer (epoch milliseconds), got string"
                                + " \"yesterday\"");
    }

    @Test
    void rejectsEmptyBytes() {
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        new RawRecord("instances", 0, 7L, KAFKA_TS, new byte[0])))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("empty record: the value has no bytes (a null value?)");
    }
}
