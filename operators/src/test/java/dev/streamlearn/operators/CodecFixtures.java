package dev.streamlearn.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The codec upgrade fixtures' files: the bytes an earlier build wrote, and the golden properties
 * that record what the saved model did next. Read from the test classpath; written (by a test's
 * {@code regenerate} method, with the build of the version it records) to {@code
 * src/test/resources}.
 */
public final class CodecFixtures {
    private static final Path RESOURCES = Path.of("src", "test", "resources");

    private CodecFixtures() {}

    /** A test resource's bytes, e.g. {@code codec/driftmoe-task-v4.bin}. */
    public static byte[] resource(String name) throws IOException {
        try (InputStream in = CodecFixtures.class.getResourceAsStream("/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** A golden properties resource. */
    public static Properties golden(String name) throws IOException {
        Properties golden = new Properties();
        golden.load(new StringReader(new String(resource(name), StandardCharsets.UTF_8)));
        return golden;
    }

    /**
     * Writes a fixture: {@code bytes} to {@code bytesName}, and {@code probes} to {@code
     * goldenName}, sorted by name after the {@code header} lines (each written as a comment).
     */
    public static void write(
            String bytesName, byte[] bytes, String goldenName, Properties probes, String... header)
            throws IOException {
        Files.write(RESOURCES.resolve(bytesName), bytes);
        List<String> lines = new ArrayList<>();
        for (String h : header) {
            lines.add("# " + h);
        }
        probes.stringPropertyNames().stream()
                .sorted()
                .forEach(n -> lines.add(n + "=" + probes.getProperty(n)));
        Files.write(RESOURCES.resolve(goldenName), lines, StandardCharsets.UTF_8);
    }
}
