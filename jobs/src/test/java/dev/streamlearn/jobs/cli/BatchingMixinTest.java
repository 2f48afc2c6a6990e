package dev.streamlearn.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.gpu.flink.BatchOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code run score} and {@code bench score} take the same batching options, and what is given
 * reaches the job's {@link BatchOptions}.
 */
class BatchingMixinTest {

    private static BatchingMixin batchingOf(String... args) {
        CommandLine.ParseResult parsed = Streamlearn.commandLine().parseArgs(args);
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        Object command = parsed.commandSpec().userObject();
        return command instanceof RunScoreCommand run
                ? run.batching
                : ((BenchScoreCommand) command).batching;
    }

    @Test
    void runScoreGivesEveryBatchingOptionToTheJob() {
        BatchOptions options =
                batchingOf(
                                "run",
                                "score",
                                "--bootstrap-servers",
                                "localhost:9092",
                                "--model",
                                "m.onnx",
                                "--input-width",
                                "8",
                                "--output-width",
                                "3",
                                "--batch-size",
                                "64",
                                "--max-wait",
                                "20ms",
                                "--in-flight-batches",
                                "7",
                                "--timeout",
                                "2m",
                                "--unordered")
                        .options();
        assertThat(options)
                .isEqualTo(
                        new BatchOptions(
                                64, Duration.ofMillis(20), 7, false, Duration.ofMinutes(2)));
    }

    @Test
    void benchScoreDefaultsAreTheJobsDefaults() {
        assertThat(batchingOf("bench", "score").options()).isEqualTo(BatchOptions.defaults());
        assertThat(batchingOf("bench", "score", "--max-wait", "1ms").options().maxWait())
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aBatchTooLargeIsRefusedWithItsRange() {
        BatchingMixin batching = batchingOf("bench", "score", "--batch-size", "100000");
        assertThatThrownBy(batching::options)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 1 to 65,536");
    }
}
