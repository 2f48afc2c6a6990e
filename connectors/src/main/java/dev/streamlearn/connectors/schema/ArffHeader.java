package dev.streamlearn.connectors.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header of an ARFF file, parsed up to and including the {@code @data} line, so that the same
 * reader can go on with the data rows ({@link #splitRow}).
 *
 * @param schema the stream schema; the class is the last attribute
 * @param linesRead the number of lines consumed, for error messages about data rows
 */
public record ArffHeader(StreamSchema schema, int linesRead) {

    /** Reads header lines from {@code reader} until {@code @data}. */
    public static ArffHeader parse(BufferedReader reader) throws IOException {
        String relation = "stream";
        List<Attribute> attributes = new ArrayList<>();
        int lineNo = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("%")) {
                continue;
            }
            String lower = trimmed.toLowerCase(Locale.ROOT);
            if (lower.startsWith("@relation")) {
                relation = unquote(trimmed.substring("@relation".length()).strip());
            } else if (lower.startsWith("@attribute")) {
                attributes.add(
                        parseAttribute(trimmed.substring("@attribute".length()).strip(), lineNo));
            } else if (lower.startsWith("@data")) {
                return new ArffHeader(toSchema(relation, attributes), lineNo);
            } else {
                throw new SchemaException(
                        String.format(
                                "ARFF line %d is not @relation, @attribute or @data: '%s'",
                                lineNo, trimmed));
            }
        }
        if (attributes.isEmpty()) {
            throw new SchemaException(
                    "no ARFF header found: expected @relation and @attribute lines");
        }
        return new ArffHeader(toSchema(relation, attributes), lineNo);
    }

    private static StreamSchema toSchema(String relation, List<Attribute> attributes) {
        if (attributes.size() < 2) {
            throw new SchemaException(
                    "an ARFF stream needs at least one input attribute and a class attribute (the last)");
        }
        Attribute cls = attributes.get(attributes.size() - 1);
        if (cls.isNumeric()) {
            throw new SchemaException(
                    String.format(
                            "the last ARFF attribute '%s' is the class and must be nominal,"
                                    + " e.g. @attribute class {UP,DOWN}",
                            cls.name()));
        }
        return new StreamSchema(
                relation, attributes.subList(0, attributes.size() - 1), cls.values());
    }

    private static Attribute parseAttribute(String rest, int lineNo) {
        int nameEnd;
        String name;
        if (rest.startsWith("'") || rest.startsWith("\"")) {
            char q = rest.charAt(0);
            nameEnd = rest.indexOf(q, 1);
            if (nameEnd < 0) {
                throw new SchemaException(
                        String.format("ARFF line %d: unclosed quote in attribute name", lineNo));
            }
            name = rest.substring(1, nameEnd);
            nameEnd++;
        } else {
            nameEnd = 0;
            while (nameEnd < rest.length() && !Character.isWhitespace(rest.charAt(nameEnd))) {
                nameEnd++;
            }
            name = rest.substring(0, nameEnd);
        }
        String type = rest.substring(nameEnd).strip();
        if (type.startsWith("{")) {
            int close = type.lastIndexOf('}');
            if (close < 0) {
                throw new SchemaException(
                        String.format(
                                "ARFF line %d: nominal attribute '%s' has no closing '}'",
                                lineNo, name));
            }
            List<String> values = new ArrayList<>();
            for (String v : type.substring(1, close).split(",")) {
                values.add(unquote(v.strip()));
            }
            return Attribute.nominal(name, values);
        }
        String kind = type.toLowerCase(Locale.ROOT);
        if (kind.startsWith("numeric") || kind.startsWith("real") || kind.startsWith("integer")) {
            return Attribute.numeric(name);
        }
        throw new SchemaException(
                String.format(
                        "ARFF line %d: attribute '%s' has type '%s'; only numeric, real, integer"
                                + " and nominal {a,b} attributes are supported",
                        lineNo, name, type));
    }

    /** Splits one ARFF/CSV data row on commas, honouring single and double quotes. */
    public static List<String> splitRow(String row) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ',') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2
                && (s.charAt(0) == '\'' || s.charAt(0) == '"')
                && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
