package dev.streamlearn.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.connectors.json.InstanceParser;
import dev.streamlearn.connectors.json.RecordFuzz;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.connectors.schema.Attribute;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseFunctionTest {

    private static final int MAX_BYTES = 256;

    private static final StreamSchema SCHEMA =
            new StreamSchema(
                    "s",
                    List.of(Attribute.numeric("a"), Attribute.nominal("b", List.of("x", "y"))),
                    List.of("UP", "DOWN"));

    private static final SchemaCatalog CATALOG = SchemaCatalog.of(Map.of("s1", SCHEMA));

    private static RawRecord raw(int partition, long offset, byte[] value) {
        return new RawRecord("instances", partition, offset, 1000L + offset, value);
    }

    private static RawRecord raw(int partition, long offset, String json) {
        return raw(partition, offset, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String good(String id, double a, String b) {
        return String.format(
                "{\"stream\":\"s1\",\"id\":\"%s\",\"x\":[%s,\"%s\"],\"y\":\"UP\"}", id, a, b);
    }

    /** What one harness run produced, in order. */
    private record Run<T>(List<T> records, List<DeadLetter> deadLetters) {}

    /** Feeds {@code input} through {@code fn} in Flink's own one-input operator harness. */
    private static <T> Run<T> run(ParseFunction<T> fn, List<RawRecord> input) throws Exception {
        OneInputStreamOperatorTestHarness<RawRecord, T> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(fn);
        try {
            for (RawRecord r : input) {
                harness.processElement(r, r.timestamp());
            }
            return new Run<>(harness.extractOutputValues(), deadLetters(harness));
        } finally {
            harness.close();
        }
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<?, ?> harness) {
        var side = harness.getSideOutput(ParseFunction.DEAD_LETTERS);
        if (side == null) {
            return List.of();
        }
        List<DeadLetter> out = new ArrayList<>();
        for (StreamRecord<DeadLetter> r : side) {
            out.add(r.getValue());
        }
        return out;
    }

    @Test
    void routesEveryBadRecordToDeadLettersOnceAndLosesNothing() throws Exception {
        byte[] oversized = new byte[MAX_BYTES + 1];
        Arrays.fill(oversized, (byte) ' ');
        byte[] invalidUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};

        List<RawRecord> input =
                List.of(
                        raw(0, 0, good("1", 0.1, "x")),
                        raw(0, 1, "{\"stream\":\"s1\","),
                        raw(1, 0, good("2", 0.2, "y")),
                        raw(1, 1, oversized),
                        raw(0, 2, "{\"stream\":\"s1\",\"id\":\"3\",\"x\":[1,\"x\",2]}"),
                        raw(1, 2, good("4", 0.4, "x")),
                        raw(0, 3, new byte[0]),
                        raw(2, 0, invalidUtf8),
                        raw(2, 1, "{\"stream\":\"nope\",\"id\":\"5\",\"x\":[1,\"x\"]}"),
                        raw(2, 2, good("6", 0.6, "y")));

        Run<Instance> run =
                run(
                        new ParseFunction<>(new InstanceParser(CATALOG), Instance.class, MAX_BYTES),
                        input);
        List<Instance> parsed = run.records();
        List<DeadLetter> dead = run.deadLetters();

        assertThat(parsed).extracting(Instance::id).containsExactly("1", "2", "4", "6");
        assertThat(parsed.get(1).x()).containsExactly(0.2, 1.0);
        assertThat(parsed.size() + dead.size()).isEqualTo(input.size());

        assertThat(dead)
                .extracting(d -> d.partition() + "@" + d.offset())
                .containsExactly("0@1", "1@1", "0@2", "0@3", "2@0", "2@1");
        for (DeadLetter d : dead) {
            RawRecord source =
                    input.stream()
                            .filter(r -> r.partition() == d.partition() && r.offset() == d.offset())
                            .findFirst()
                            .orElseThrow();
            assertThat(d.topic()).isEqualTo("instances");
            assertThat(d.timestamp()).isEqualTo(source.timestamp());
            assertThat(d.value()).as("raw bytes of %s", source.origin()).isEqualTo(source.value());
            assertThat(d.error()).as("reason for %s", source.origin()).isNotBlank();
        }

        assertThat(dead.get(0).error()).startsWith("malformed JSON: ");
        assertThat(dead.get(1).error())
                .isEqualTo(
                        "record is 257 bytes, over the limit of 256 bytes; send smaller"
                                + " records or raise the limit (--max-record-bytes)");
        assertThat(dead.get(2).error())
                .isEqualTo("x has 3 values but stream 's1' declares 2 attributes");
        assertThat(dead.get(3).error()).startsWith("empty record");
        assertThat(dead.get(4).error()).startsWith("malformed JSON: ");
        assertThat(dead.get(5).error())
                .isEqualTo("unknown stream 'nope': this job knows streams [s1]");
    }

    @Test
    void aRecordOfExactlyTheLimitIsParsed() throws Exception {
        String json = good("1", 0.5, "x");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        Run<Instance> run =
                run(
                        new ParseFunction<>(
                                new InstanceParser(CATALOG), Instance.class, bytes.length),
                        List.of(raw(0, 0, bytes)));

        assertThat(run.records()).hasSize(1);
        assertThat(run.deadLetters()).isEmpty();
    }

    @Test
    void aParserBugBecomesADeadLetterInsteadOfFailingTheJob() throws Exception {
        ParseFunction<Label> fn =
                new ParseFunction<>(
                        raw -> {
                            throw new IllegalStateException("boom");
                        },
                        Label.class,
                        MAX_BYTES);

        Run<Label> run = run(fn, List.of(raw(0, 5, "{}")));

        assertThat(run.records()).isEmpty();
        assertThat(run.deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.offset()).isEqualTo(5L);
                            assertThat(d.error())
                                    .isEqualTo(
                                            "unexpected parser error:"
                                                    + " java.lang.IllegalStateException: boom");
                        });
    }

    @Test
    void countsParsedRecordsAndDeadLetters() throws Exception {
        InterceptingOperatorMetricGroup operatorMetrics = new InterceptingOperatorMetricGroup();
        InterceptingTaskMetricGroup taskMetrics =
                new InterceptingTaskMetricGroup() {
                    @Override
                    public InternalOperatorMetricGroup getOrAddOperator(
                            OperatorID id, String name, Map<String, String> additionalVariables) {
                        return operatorMetrics;
                    }
                };
        MockEnvironment env = new MockEnvironmentBuilder().setMetricGroup(taskMetrics).build();
        OneInputStreamOperatorTestHarness<RawRecord, Instance> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new ParseFunction<>(
                                        new InstanceParser(CATALOG), Instance.class, MAX_BYTES)),
                        env);
        try {
            harness.open();
            harness.processElement(raw(0, 0, good("1", 1, "x")), 0L);
            harness.processElement(raw(0, 1, "[]"), 0L);
            harness.processElement(raw(0, 2, "nope"), 0L);

            assertThat(((Counter) operatorMetrics.get("recordsParsed")).getCount()).isEqualTo(1L);
            assertThat(((Counter) operatorMetrics.get("deadLetters")).getCount()).isEqualTo(2L);
        } finally {
            harness.close();
            env.close();
        }
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThatThrownBy(
                        () -> new ParseFunction<>(new InstanceParser(CATALOG), Instance.class, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRecordBytes must be positive, got 0");
    }

    @Test
    void recordTypesAreNotLeftToKryo() {
        assertThat(
                        List.of(
                                TypeInformation.of(RawRecord.class),
                                TypeInformation.of(Instance.class),
                                TypeInformation.of(Label.class),
                                TypeInformation.of(InstanceOrLabel.class),
                                ParseFunction.DEAD_LETTERS.getTypeInfo()))
                .allSatisfy(t -> assertThat(t).isNotInstanceOf(GenericTypeInfo.class));
    }

    @Test
    void anInstanceOrALabelCrossesFlinksSerializerWithItsNullHalf() throws Exception {
        TypeSerializer<InstanceOrLabel> serializer =
                TypeInformation.of(InstanceOrLabel.class)
                        .createSerializer(new SerializerConfigImpl());
        for (InstanceOrLabel value :
                List.of(
                        InstanceOrLabel.of(new Label("s1", "42", 1)),
                        InstanceOrLabel.of(new Instance("s1", "7", 5L, new double[] {1, 2}, -1)))) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(value, out);
            InstanceOrLabel back =
                    serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back.stream()).isEqualTo("s1");
            assertThat(back.label()).isEqualTo(value.label());
            if (value.instance() != null) {
                assertThat(back.instance().x()).containsExactly(1, 2);
                assertThat(back.instance().id()).isEqualTo("7");
            } else {
                assertThat(back.instance()).isNull();
            }
        }
        assertThatThrownBy(() -> new InstanceOrLabel(null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Fuzzed (jqwik): 100 batches of 1,000 records from {@link RecordFuzz} (random bytes, random
     * JSON, mutated valid records; some over the size limit) each come out as exactly one instance
     * or exactly one dead letter that carries the record's offset and bytes, and nothing escapes.
     */
    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void everyFuzzedRecordIsOneInstanceOrOneDeadLetter(@ForAll("batches") List<byte[]> values)
            throws Exception {
        int limit = 200;
        List<RawRecord> input = new ArrayList<>();
        for (int offset = 0; offset < values.size(); offset++) {
            input.add(new RawRecord("instances", 0, offset, 1_000L, values.get(offset)));
        }
        Run<Instance> run =
                run(
                        new ParseFunction<>(
                                new InstanceParser(SchemaCatalog.forAll(RecordFuzz.SCHEMA)),
                                Instance.class,
                                limit),
                        input);
        assertThat(run.records().size() + run.deadLetters().size()).isEqualTo(values.size());
        Set<Long> offsets = new HashSet<>();
        for (DeadLetter d : run.deadLetters()) {
            assertThat(offsets.add(d.offset())).as("one dead letter per record").isTrue();
            assertThat(d.error()).isNotBlank();
            assertThat(d.value()).isEqualTo(values.get((int) d.offset()));
        }
        long oversized = values.stream().filter(v -> v.length > limit).count();
        assertThat(run.deadLetters())
                .filteredOn(d -> d.error().contains("--max-record-bytes"))
                .hasSize((int) oversized);
    }

    @Provide
    Arbitrary<List<byte[]>> batches() {
        return RecordFuzz.anyInput().list().ofSize(1_000);
    }
}
