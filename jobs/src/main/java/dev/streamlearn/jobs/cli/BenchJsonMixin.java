package dev.streamlearn.jobs.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --json FILE}: a benchmark's results for scripts, as {"results": [...]}. */
final class BenchJsonMixin {

    /** Writes the results to a file. */
    interface Writer {
        void write(Path file) throws IOException;
    }

    @Option(names = "--json", description = "also write {\"results\": [...]} to this file")
    Path json;

    /** Writes the JSON when --json was given, and says where. */
    void write(Writer writer) throws IOException {
        if (json != null) {
            writer.write(json);
            System.out.println("wrote " + json);
        }
    }
}
