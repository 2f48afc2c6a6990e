package dev.streamlearn.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@code produce} keeps its required arguments while {@code produce hawkes} parses without them.
 */
class ProduceCommandTest {

    @Test
    void produceHawkesNeedsNoneOfProducesOwnArguments() {
        ParseResult parsed =
                Streamlearn.commandLine()
                        .parseArgs("produce", "hawkes", "--bootstrap-servers", "localhost:9092");

        assertThat(parsed.subcommand().subcommand().commandSpec().name()).isEqualTo("hawkes");
    }

    @Test
    void produceWithoutASourceSaysWhatIsMissing() {
        assertThat(errorOf("produce", "--bootstrap-servers", "localhost:9092"))
                .contains("Missing required parameter: 'SOURCE'");
    }

    @Test
    void produceWithoutBootstrapServersSaysWhatIsMissing() {
        assertThat(errorOf("produce", "elec"))
                .contains("Missing required option: '--bootstrap-servers'");
    }

    private static String errorOf(String... args) {
        CommandLine cli = Streamlearn.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as("exit code").isEqualTo(2);
        return err.toString();
    }
}
