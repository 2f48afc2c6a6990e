package dev.streamlearn.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamlearn.connectors.schema.Attribute;
import dev.streamlearn.connectors.schema.StreamSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The fuzzers' inputs for the jobs' record parsers: random bytes, random JSON built from the fields
 * the parsers know, and valid records (an instance, a label, an observation, a discrete and a
 * continuous action, a feature row) mutated: bytes flipped, cut, repeated or spliced with JSON
 * tokens, numbers beyond double's range, nesting deeper than the parser allows, fields replaced by
 * random values.
 */
public final class RecordFuzz {
    private RecordFuzz() {}

    /** The schema the fuzzed instances and labels are read against: numeric, nominal, numeric. */
    public static final StreamSchema SCHEMA =
            new StreamSchema(
                    "fuzz",
                    List.of(
                            Attribute.numeric("a"),
                            Attribute.nominal("b", List.of("x", "y")),
                            Attribute.numeric("c")),
                    List.of("yes", "no"));

    static final List<String> VALID =
            List.of(
                    "{\"stream\":\"s1\",\"id\":\"42\",\"ts\":1732600000000,\"x\":[0.5,\"y\",-3],"
                            + "\"y\":\"yes\"}",
                    "{\"stream\":\"s1\",\"id\":\"42\",\"y\":\"no\"}",
                    "{\"agent\":\"a1\",\"episode\":3,\"step\":17,\"obs\":[0.1,-0.2,0.03,0.4],"
                            + "\"reward\":1.0,\"terminated\":false,\"truncated\":false}",
                    "{\"agent\":\"a1\",\"episode\":3,\"step\":18,\"action\":1}",
                    "{\"agent\":\"a1\",\"episode\":3,\"step\":18,\"action\":[0.25,-1.5]}",
                    "{\"id\":\"r1\",\"features\":[0.1,-2.0,3.5]}");

    private static final List<String> FIELDS =
            List.of(
                    "stream",
                    "id",
                    "ts",
                    "x",
                    "y",
                    "agent",
                    "episode",
                    "step",
                    "obs",
                    "reward",
                    "terminated",
                    "truncated",
                    "action",
                    "features");

    private static final List<String> TOKENS =
            List.of(
                    "{",
                    "}",
                    "[",
                    "]",
                    "\"",
                    ",",
                    ":",
                    "null",
                    "true",
                    "-",
                    "1e400",
                    "-1e-400",
                    "NaN",
                    "-Infinity",
                    "9223372036854775808",
                    "00",
                    "\\u0000",
                    "\\ud800",
                    "\uFFFF",
                    "\"s1\"",
                    "\"yes\"",
                    "1.0",
                    "[1,2,3,4]",
                    "{}",
                    "[]",
                    " ");

    private static final List<Double> SPECIAL_NUMBERS =
            List.of(
                    0.0,
                    -0.0,
                    1e308,
                    -1e308,
                    Double.MIN_VALUE,
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    (double) Long.MAX_VALUE,
                    2147483648.0);

    private static final List<String> TEXTS = List.of("s1", "yes", "no", "x", "y", "42", "", " ");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Random bytes, up to 300. */
    public static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    /** Random JSON documents, mostly objects, of the fields the parsers know. */
    public static Arbitrary<JsonNode> documents() {
        return Arbitraries.randomValue(r -> r.nextInt(10) < 8 ? object(r, 3) : value(r, 3));
    }

    /** Valid records of every kind, mutated one to four times. */
    public static Arbitrary<byte[]> mutated() {
        Arbitrary<UnaryOperator<byte[]>> mutation =
                Arbitraries.frequencyOf(
                        Tuple.of(3, flip()),
                        Tuple.of(3, cut()),
                        Tuple.of(2, repeat()),
                        Tuple.of(3, splice(Arbitraries.of(TOKENS))),
                        Tuple.of(1, deepNesting()));
        Arbitrary<byte[]> valid =
                Arbitraries.oneOf(
                        Arbitraries.of(VALID).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                        replacedField());
        return Combinators.combine(valid, mutation.list().ofMinSize(1).ofMaxSize(4))
                .as(
                        (v, ms) -> {
                            byte[] out = v;
                            for (UnaryOperator<byte[]> m : ms) {
                                out = m.apply(out);
                            }
                            return out;
                        });
    }

    /** A random JSON value nested at most {@code depth} deep, from the values parsers meet. */
    private static JsonNode value(Random r, int depth) {
        int kind = r.nextInt(depth > 0 ? 10 : 8);
        return switch (kind) {
            case 0 -> NODES.numberNode(r.nextLong());
            case 1 -> NODES.numberNode(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
            case 2 -> NODES.numberNode(pick(r, SPECIAL_NUMBERS));
            case 3 -> NODES.numberNode(r.nextInt(8) - 2);
            case 4 -> NODES.textNode(randomText(r));
            case 5 -> NODES.textNode(pick(r, TEXTS));
            case 6 -> NODES.booleanNode(r.nextBoolean());
            case 7 -> NODES.nullNode();
            case 8 -> array(r, depth - 1);
            default -> object(r, depth - 1);
        };
    }

    private static ArrayNode array(Random r, int depth) {
        ArrayNode a = NODES.arrayNode();
        for (int i = r.nextInt(6); i > 0; i--) {
            a.add(value(r, depth));
        }
        return a;
    }

    private static ObjectNode object(Random r, int depth) {
        ObjectNode o = NODES.objectNode();
        for (int i = r.nextInt(9); i > 0; i--) {
            String key = r.nextInt(4) > 0 ? pick(r, FIELDS) : randomText(r);
            o.set(key, value(r, depth));
        }
        return o;
    }

    private static String randomText(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(10); i > 0; i--) {
            sb.append((char) (r.nextInt(5) == 0 ? r.nextInt(0x10000) : 32 + r.nextInt(95)));
        }
        return sb.toString();
    }

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    /** A valid record with one field replaced by a random value. */
    private static Arbitrary<byte[]> replacedField() {
        return Arbitraries.randomValue(
                r -> {
                    try {
                        ObjectNode o = (ObjectNode) Json.MAPPER.readTree(pick(r, VALID));
                        o.set(pick(r, FIELDS), value(r, 2));
                        return Json.bytes(o);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static Arbitrary<UnaryOperator<byte[]>> flip() {
        return Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.bytes())
                .as(
                        (at, b) ->
                                v -> {
                                    if (v.length == 0) {
                                        return new byte[] {b};
                                    }
                                    byte[] out = v.clone();
                                    out[Math.min(v.length - 1, index(at, v.length))] ^=
                                            (b == 0 ? 1 : b);
                                    return out;
                                });
    }

    private static Arbitrary<UnaryOperator<byte[]>> cut() {
        return Combinators.combine(
                        Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 20))
                .as(
                        (at, n) ->
                                v -> {
                                    int from = index(at, v.length);
                                    int to = Math.min(v.length, from + n);
                                    return concat(
                                            Arrays.copyOfRange(v, 0, from),
                                            Arrays.copyOfRange(v, to, v.length));
                                });
    }

    private static Arbitrary<UnaryOperator<byte[]>> repeat() {
        return Combinators.combine(
                        Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 30))
                .as(
                        (at, n) ->
                                v -> {
                                    int from = index(at, v.length);
                                    int to = Math.min(v.length, from + n);
                                    byte[] part = Arrays.copyOfRange(v, from, to);
                                    return concat(
                                            Arrays.copyOfRange(v, 0, to),
                                            concat(part, Arrays.copyOfRange(v, to, v.length)));
                                });
    }

    private static Arbitrary<UnaryOperator<byte[]>> splice(Arbitrary<String> payloads) {
        return Combinators.combine(Arbitraries.doubles().between(0, 1), payloads)
                .as((at, text) -> v -> insert(v, index(at, v.length), text));
    }

    private static Arbitrary<UnaryOperator<byte[]>> deepNesting() {
        return Combinators.combine(
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.of(1_001, 2_500),
                        Arbitraries.of("[", "{\"x\":"))
                .as((at, depth, open) -> v -> insert(v, index(at, v.length), open.repeat(depth)));
    }

    private static int index(double at, int length) {
        return Math.min(length, (int) (at * (length + 1)));
    }

    private static byte[] insert(byte[] v, int at, String text) {
        return concat(
                Arrays.copyOfRange(v, 0, at),
                concat(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(v, at, v.length)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Any of the three kinds of input. */
    public static Arbitrary<byte[]> anyInput() {
        return Arbitraries.oneOf(bytes(), documents().map(Json::bytes), mutated());
    }
}
