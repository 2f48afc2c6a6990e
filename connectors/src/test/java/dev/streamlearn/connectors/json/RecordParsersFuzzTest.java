package dev.streamlearn.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamlearn.connectors.records.Action;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.FeatureRow;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.connectors.records.Observation;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing of every record parser of the jobs' inputs (instances, labels, observations, actions,
 * feature rows): 100,000 random byte strings, 100,000 random JSON documents built from the fields
 * the parsers know, and 100,000 mutations of valid records (bytes flipped, cut, repeated or spliced
 * with JSON tokens, numbers beyond double's range, nesting deeper than allowed, fields replaced by
 * random values). Each input must end as a valid record or as a {@link BadRecordException} whose
 * reason is not blank and whose dead letter encodes as JSON; any other exception or error fails the
 * property, and jqwik shrinks it where it can and prints the seed that repeats it. The inputs are
 * {@link RecordFuzz}'s.
 */
class RecordParsersFuzzTest {
    private static final StreamSchema SCHEMA = RecordFuzz.SCHEMA;
    private static final SchemaCatalog SCHEMAS = SchemaCatalog.forAll(SCHEMA);

    private static final List<RecordParser<?>> PARSERS =
            List.of(
                    new InstanceParser(SCHEMAS),
                    new LabelParser(SCHEMAS),
                    new ObservationParser(4),
                    new ObservationParser(0),
                    new ActionParser(),
                    new FeatureRowParser(3),
                    new TppEventParser(List.of("click", "view", "buy")),
                    new ModelSnapshotParser("tpp"));

    @Property(tries = 100_000, edgeCases = EdgeCasesMode.NONE)
    void randomBytesEndAsARecordOrADeadLetter(@ForAll("bytes") byte[] value) {
        parseEverywhere(value);
    }

    @Property(tries = 100_000, edgeCases = EdgeCasesMode.NONE)
    void randomJsonEndsAsARecordOrADeadLetter(@ForAll("documents") JsonNode document) {
        parseEverywhere(Json.bytes(document));
    }

    @Property(tries = 100_000, edgeCases = EdgeCasesMode.NONE)
    void mutatedRecordsEndAsARecordOrADeadLetter(@ForAll("mutated") byte[] value) {
        parseEverywhere(value);
    }

    /**
     * Every parser on {@code value}: a valid record, or a reason and an encodable dead letter. The
     * dead letter is a function of the record and the reason alone, so each distinct reason is
     * encoded and read back once (parsers that fail alike, e.g. on malformed JSON, give the same).
     */
    static void parseEverywhere(byte[] value) {
        RawRecord raw = new RawRecord("fuzz", 0, 7L, 1_732_600_000_000L, value);
        Set<String> encoded = new HashSet<>();
        for (RecordParser<?> parser : PARSERS) {
            try {
                checkValid(parser.parse(raw));
            } catch (BadRecordException e) {
                assertThat(e.getMessage()).as("the reason").isNotBlank();
                if (!encoded.add(e.getMessage())) {
                    continue;
                }
                byte[] dead = RecordJson.deadLetter(DeadLetter.of(raw, e.getMessage()));
                try {
                    assertThat(Json.MAPPER.readTree(dead).get("error").asText())
                            .isEqualTo(e.getMessage());
                } catch (IOException notJson) {
                    throw new AssertionError("the dead letter is not JSON", notJson);
                }
            }
        }
    }

    private static void checkValid(Object record) {
        if (record instanceof Instance i) {
            assertThat(i.stream()).isNotBlank();
            assertThat(i.x()).hasSize(SCHEMA.numAttributes());
            assertThat(Arrays.stream(i.x()).allMatch(Double::isFinite)).isTrue();
            assertThat(i.y()).isBetween(Instance.UNLABELLED, SCHEMA.classValues().size() - 1);
        } else if (record instanceof Label l) {
            assertThat(l.stream()).isNotBlank();
            assertThat(l.y()).isBetween(0, SCHEMA.classValues().size() - 1);
        } else if (record instanceof Observation o) {
            assertThat(o.agent()).isNotBlank();
            assertThat(o.obs()).isNotEmpty();
            assertThat(Arrays.stream(o.obs()).allMatch(Double::isFinite)).isTrue();
            assertThat(Double.isFinite(o.reward())).isTrue();
        } else if (record instanceof Action a) {
            assertThat(a.agent()).isNotBlank();
        } else if (record instanceof FeatureRow f) {
            assertThat(f.id()).isNotBlank();
            assertThat(f.features()).hasSize(3);
            for (float v : f.features()) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        } else if (record instanceof TppEvent e) {
            assertThat(e.entity()).isNotBlank();
            assertThat(e.ts()).isNotNegative();
            assertThat(e.type()).isBetween(0, 2);
            assertThat(Double.isFinite(e.truthLogLikelihood()) || !e.hasTruth()).isTrue();
        } else if (record instanceof ModelSnapshot s) {
            assertThat(s.model()).isEqualTo("tpp");
            assertThat(s.version()).isNotNegative();
            assertThat(s.bytes()).isNotNull();
        } else {
            throw new AssertionError("unexpected record " + record);
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return RecordFuzz.bytes();
    }

    @Provide
    Arbitrary<JsonNode> documents() {
        return RecordFuzz.documents();
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return RecordFuzz.mutated();
    }
}
