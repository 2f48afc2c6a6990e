package dev.streamlearn.connectors.json;

import static dev.streamlearn.connectors.json.InstanceParserTest.ELEC;
import static dev.streamlearn.connectors.json.InstanceParserTest.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelParserTest {

    private final LabelParser parser = new LabelParser(SchemaCatalog.of(Map.of("s1", ELEC)));

    @Test
    void parsesALabel() throws Exception {
        assertThat(parser.parse(raw("{\"stream\":\"s1\",\"id\":\"42\",\"y\":\"DOWN\"}")))
                .isEqualTo(new Label("s1", "42", 1));
        assertThat(parser.parse(raw("{\"stream\":\"s1\",\"id\":7,\"y\":\"UP\"}")))
                .isEqualTo(new Label("s1", "7", 0));
    }

    @Test
    void requiresY() {
        assertThatThrownBy(() -> parser.parse(raw("{\"stream\":\"s1\",\"id\":\"42\"}")))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("a label record needs \"y\", one of [UP, DOWN]");
        assertThatThrownBy(() -> parser.parse(raw("{\"stream\":\"s1\",\"id\":\"42\",\"y\":null}")))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("a label record needs \"y\", one of [UP, DOWN]");
    }

    @Test
    void rejectsAnUndeclaredClass() {
        assertThatThrownBy(
                        () -> parser.parse(raw("{\"stream\":\"s1\",\"id\":\"42\",\"y\":\"FLAT\"}")))
                .isInstanceOf(BadRecordException.class)
                .hasMessage(
                        "y is string \"FLAT\", not a class of stream 's1'; classes are [UP, DOWN]");
    }

    @Test
    void rejectsUnknownStreamAndMissingId() {
        assertThatThrownBy(() -> parser.parse(raw("{\"stream\":\"s9\",\"id\":\"1\",\"y\":\"UP\"}")))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("unknown stream 's9': this job knows streams [s1]");
        assertThatThrownBy(() -> parser.parse(raw("{\"stream\":\"s1\",\"y\":\"UP\"}")))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("missing field \"id\"");
    }

    @Test
    void rejectsMalformedJson() {
        assertThatThrownBy(() -> parser.parse(raw("{\"stream\":")))
                .isInstanceOf(BadRecordException.class)
                .hasMessageStartingWith("malformed JSON: ");
    }
}
