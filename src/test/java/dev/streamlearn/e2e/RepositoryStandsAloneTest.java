package dev.streamlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: no code, test, script, document or help text refers to a file
 * outside it, so a clone with nothing beside it builds, tests and runs every shown command. Scans
 * the tracked files (all files but build outputs where there is no git checkout).
 */
class RepositoryStandsAloneTest {
    /** Surefire runs in the e2e module's folder; the repository is its parent. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** This test's own source: it holds the examples that the rules are checked with. */
    private static final Path THIS_FILE =
            Path.of("src/test/java/dev/streamlearn/e2e/RepositoryStandsAloneTest.java");

    private static final Set<String> NOT_SCANNED_DIRS =
            Set.of(".git", "target", "node_modules", "streamlearn-out");

    /** One or more "../" and what follows, as a relative path names a file (not ".../"). */
    private static final Pattern RELATIVE = Pattern.compile("(?<![\\w.])(?:\\.\\./)+[\\w.-]*");

    /** A folder beside the repository that a developer's machine may have. */
    private static final Pattern BESIDE = Pattern.compile("\\.\\./(?:\\.\\./)*shar" + "ed\\b");

    /** Absolute paths of a developer's machine. */
    private static final Pattern MACHINE_PATH =
            Pattern.compile("(?<![\\w.~-])/(?:wor" + "k|home|Users)/[\\w.-]+");

    /**
     * A project document by name: upper-case names (README.md, NOTICE.md) and reference notes; the
     * files the code writes (demo-report.md) have lower-case names.
     */
    private static final Pattern MARKDOWN_NAME =
            Pattern.compile("(?<![\\w-])(?:[A-Z][A-Z_-]*|reference/[\\w-]+)\\.md\\b");

    record TextFile(Path path, List<String> lines) {}

    record Finding(Path file, int line, String text, String why) {
        @Override
        public String toString() {
            return String.format("%s:%d: %s%n    %s", file, line, text.strip(), why);
        }
    }

    private static List<TextFile> files;
    private static Set<String> fileNames;

    @BeforeAll
    static void readTheRepository() throws IOException, InterruptedException {
        assertThat(ROOT.resolve("streamlearn")).as("the repository root").isRegularFile();
        List<Path> paths = trackedFiles();
        fileNames = paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        files = new ArrayList<>();
        for (Path p : paths) {
            Path abs = ROOT.resolve(p);
            if (Files.isRegularFile(abs) && Files.size(abs) < 1_000_000 && !p.equals(THIS_FILE)) {
                readText(abs).ifPresent(lines -> files.add(new TextFile(p, lines)));
            }
        }
        assertThat(files).as("text files scanned").hasSizeGreaterThan(100);
    }

    /** {@code git ls-files} in a checkout, else every file outside build folders. */
    private static List<Path> trackedFiles() throws IOException, InterruptedException {
        if (Files.exists(ROOT.resolve(".git"))) {
            Process git =
                    new ProcessBuilder("git", "ls-files")
                            .directory(ROOT.toFile())
                            .redirectErrorStream(true)
                            .start();
            List<String> out;
            try (var reader = git.inputReader(StandardCharsets.UTF_8)) {
                out = reader.lines().toList();
            }
            if (git.waitFor() == 0) {
                return out.stream().map(Path::of).toList();
            }
        }
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile)
                    .map(ROOT::relativize)
                    .filter(p -> !skipped(p))
                    .toList();
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (NOT_SCANNED_DIRS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<List<String>> readText(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            String text =
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return text.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(text.lines().toList());
        } catch (CharacterCodingException binary) {
            return Optional.empty();
        }
    }

    private static List<Finding> scan(BiFunction<TextFile, String, String> why) {
        List<Finding> found = new ArrayList<>();
        for (TextFile f : files) {
            for (int i = 0; i < f.lines().size(); i++) {
                String line = f.lines().get(i);
                String reason = why.apply(f, line);
                if (reason != null) {
                    found.add(new Finding(f.path(), i + 1, line, reason));
                }
            }
        }
        return found;
    }

    @Test
    void nothingNamesAFolderBesideTheRepository() {
        assertThat(scan((f, line) -> BESIDE.matcher(line).find() ? "a folder beside it" : null))
                .as("references to a folder next to the clone, which users do not have")
                .isEmpty();
    }

    @Test
    void noRelativePathLeavesTheRepository() {
        assertThat(scan(RepositoryStandsAloneTest::escape))
                .as("relative paths that climb out of the repository")
                .isEmpty();
    }

    /**
     * A relative path is read from the file's folder (documents, build files, scripts) and, in
     * Java, from the working directory of its module's tests: the module's folder ({@code e2e/} for
     * the sources in {@code src/}).
     */
    static String escape(TextFile f, String line) {
        Matcher m = RELATIVE.matcher(line);
        while (m.find()) {
            Path rel = Path.of(m.group());
            List<Path> bases = new ArrayList<>();
            bases.add(parentOf(f.path()));
            if (f.path().toString().endsWith(".java")) {
                String top = f.path().getName(0).toString();
                bases.add(Path.of(top.equals("src") ? "e2e" : top));
            }
            for (Path base : bases) {
                Path resolved = base.resolve(rel).normalize();
                if (resolved.startsWith("..")) {
                    return String.format("'%s' from %s/ leaves the repository", m.group(), base);
                }
            }
        }
        return null;
    }

    private static Path parentOf(Path p) {
        return p.getParent() == null ? Path.of("") : p.getParent();
    }

    @Test
    void noAbsolutePathOfADevelopersMachine() {
        assertThat(
                        scan(
                                (f, line) ->
                                        MACHINE_PATH.matcher(line).find()
                                                ? "an absolute path of one machine"
                                                : null))
                .isEmpty();
    }

    @Test
    void everyDocumentNamedIsInTheRepository() {
        assertThat(scan(RepositoryStandsAloneTest::unshippedDocument))
                .as("documents named but not shipped (notes kept outside the repository)")
                .isEmpty();
    }

    private static String unshippedDocument(TextFile f, String line) {
        Matcher m = MARKDOWN_NAME.matcher(line);
        while (m.find()) {
            if (!fileNames.contains(Path.of(m.group()).getFileName().toString())) {
                return m.group() + " is not in the repository";
            }
        }
        return null;
    }

    @Test
    void theRulesCatchWhatTheyAreFor() {
        TextFile test = new TextFile(Path.of("operators/src/test/java/A.java"), List.of());
        assertThat(escape(test, "Path.of(\"../../sh" + "ared/data/x.arff\")")).isNotNull();
        assertThat(escape(test, "Path.of(\"../data/elecNormNew.arff\")")).isNull();
        TextFile pom = new TextFile(Path.of("docker/flink/pom.xml"), List.of());
        assertThat(escape(pom, "<relativePath>../../pom.xml</relativePath>")).isNull();
        assertThat(escape(pom, "<relativePath>../../../pom.xml</relativePath>")).isNotNull();
        assertThat(BESIDE.matcher("see ../sh" + "ared/PLATFORM.md").find()).isTrue();
        assertThat(MACHINE_PATH.matcher("cd /wor" + "k/main && mvn").find()).isTrue();
        assertThat(MACHINE_PATH.matcher("http://x/home/y ~/home/z").find()).isFalse();
        assertThat(escape(pom, "operators/.../active")).isNull();
        assertThat(MARKDOWN_NAME.matcher("(STYLE.md, convention 1)").find()).isTrue();
        assertThat(MARKDOWN_NAME.matcher("see reference/driftmoe.md").find()).isTrue();
        assertThat(MARKDOWN_NAME.matcher("writes demo-report.md").find()).isFalse();
    }
}
