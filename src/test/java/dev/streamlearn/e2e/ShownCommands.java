package dev.streamlearn.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The commands shown to users: the {@code bash} blocks of the README and the examples in the
 * footers of {@code streamlearn --help} and of every subcommand's help.
 */
final class ShownCommands {
    private ShownCommands() {}

    /**
     * One command as shown.
     *
     * @param text the command as written, continuation lines joined, comment and {@code &} cut
     * @param words its words, as a shell splits them
     * @param shownIn where it is shown (README.md, "streamlearn run rl --help", ...)
     */
    record Shown(String text, List<String> words, List<String> shownIn) {
        /** The arguments after {@code streamlearn} (or {@code ./streamlearn}); null when other. */
        List<String> streamlearnArgs() {
            String first = words.get(0);
            return first.equals("streamlearn") || first.equals("./streamlearn")
                    ? words.subList(1, words.size())
                    : null;
        }

        @Override
        public String toString() {
            return text + "   [" + String.join(", ", shownIn) + "]";
        }
    }

    /** Every command shown, each once, in order of first appearance. */
    static List<Shown> all(Path readme, CommandLine root) throws IOException {
        Map<List<String>, Shown> byWords = new LinkedHashMap<>();
        for (String command : readme(readme)) {
            add(byWords, command, "README.md");
        }
        for (Map.Entry<String, List<String>> help : helpExamples(root).entrySet()) {
            for (String command : help.getValue()) {
                add(byWords, command, help.getKey());
            }
        }
        return new ArrayList<>(byWords.values());
    }

    private static void add(Map<List<String>, Shown> byWords, String text, String where) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            return;
        }
        // ./streamlearn in the README is streamlearn in the help: one command
        List<String> key = new ArrayList<>(words);
        key.set(0, key.get(0).equals("./streamlearn") ? "streamlearn" : key.get(0));
        Shown known = byWords.get(key);
        if (known != null) {
            known.shownIn().add(where);
        } else {
            byWords.put(key, new Shown(text, words, new ArrayList<>(List.of(where))));
        }
    }

    /** The commands of the README's {@code bash} blocks. */
    static List<String> readme(Path readme) throws IOException {
        List<String> out = new ArrayList<>();
        boolean inBash = false;
        List<String> block = new ArrayList<>();
        for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
            if (!inBash && line.strip().equals("```bash")) {
                inBash = true;
                block.clear();
            } else if (inBash && line.strip().equals("```")) {
                inBash = false;
                out.addAll(commands(block));
            } else if (inBash) {
                block.add(line);
            }
        }
        return out;
    }

    /** The example commands of each help footer, by the help that shows them. */
    static Map<String, List<String>> helpExamples(CommandLine root) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        collect(root, new IdentityHashMap<>(), out);
        return out;
    }

    private static void collect(
            CommandLine cl, Map<Object, Boolean> seen, Map<String, List<String>> out) {
        if (seen.put(cl.getCommandSpec(), true) != null) {
            return;
        }
        List<String> footer = List.of(cl.getCommandSpec().usageMessage().footer());
        List<String> commands =
                commands(footer).stream()
                        .filter(c -> c.startsWith("streamlearn ") || c.startsWith("flink run"))
                        .toList();
        if (!commands.isEmpty()) {
            out.put(cl.getCommandSpec().qualifiedName() + " --help", commands);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, seen, out);
        }
    }

    /** Lines joined at a trailing backslash, comments and a trailing {@code &} cut, blanks out. */
    static List<String> commands(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : lines) {
            String line = cutComment(raw).strip();
            boolean continues = line.endsWith("\\");
            if (continues) {
                line = line.substring(0, line.length() - 1).strip();
            }
            if (!line.isEmpty()) {
                current.append(current.length() > 0 ? " " : "").append(line);
            }
            if (!continues && current.length() > 0) {
                String command = current.toString().strip();
                if (command.endsWith("&") && !command.endsWith("&&")) {
                    command = command.substring(0, command.length() - 1).strip();
                }
                out.add(command);
                current.setLength(0);
            }
        }
        return out;
    }

    /** The line before a {@code #} that starts a shell comment (outside quotes). */
    static String cutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** The words of a command as a POSIX shell splits them (quotes kept together, removed). */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in: " + command);
        }
        if (word != null) {
            out.add(word.toString());
        }
        return out;
    }
}
