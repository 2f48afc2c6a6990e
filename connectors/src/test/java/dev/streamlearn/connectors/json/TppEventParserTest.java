package dev.streamlearn.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.records.TppEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every bad point-process event a named case with its reason; a good one read whole. */
class TppEventParserTest {
    private static final TppEventParser PARSER =
            new TppEventParser(List.of("click", "view", "buy"));

    private static TppEvent parse(String json) throws BadRecordException {
        return PARSER.parse(
                new RawRecord("events", 1, 42, 0, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAnEventWithItsTypeIndexAndOrigin() throws Exception {
        TppEvent e =
                parse(
                        "{\"entity\":\"u1\",\"ts\":1732600000000,\"type\":\"buy\",\"truth_ll\":-1.5}");
        assertThat(e).isEqualTo(new TppEvent("u1", 1732600000000L, 2, -1.5, 1, 42));
        assertThat(parse("{\"entity\":\"u1\",\"ts\":5,\"type\":\"view\"}").hasTruth()).isFalse();
    }

    @Test
    void anUnknownTypeNamesTheDeclaredOnes() {
        assertThatThrownBy(() -> parse("{\"entity\":\"u1\",\"ts\":5,\"type\":\"zzz\"}"))
                .hasMessageContaining("unknown event type \"zzz\"")
                .hasMessageContaining("[click, view, buy]");
    }

    @Test
    void missingOrMistypedFieldsSayWhich() {
        assertThatThrownBy(() -> parse("{\"ts\":5,\"type\":\"view\"}"))
                .hasMessageContaining("\"entity\"");
        assertThatThrownBy(() -> parse("{\"entity\":\"u1\",\"type\":\"view\"}"))
                .hasMessageContaining("\"ts\"");
        assertThatThrownBy(() -> parse("{\"entity\":\"u1\",\"ts\":-3,\"type\":\"view\"}"))
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> parse("{\"entity\":\"u1\",\"ts\":5}"))
                .hasMessageContaining("missing field \"type\"");
        assertThatThrownBy(() -> parse("{\"entity\":\"u1\",\"ts\":5,\"type\":3}"))
                .hasMessageContaining("must be a string");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{\"entity\":\"u1\",\"ts\":5,\"type\":\"view\",\"truth_ll\":\"x\"}"))
                .hasMessageContaining("truth_ll");
        assertThatThrownBy(() -> parse("{\"entity\":")).isInstanceOf(BadRecordException.class);
    }

    @Test
    void aTypeDeclaredTwiceIsRefused() {
        assertThatThrownBy(() -> new TppEventParser(List.of("a", "a")))
                .hasMessageContaining("twice");
    }
}
