package dev.streamlearn.jobs.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How long a batch waits to fill and how many may be queued: options of the scoring job ({@link
 * BatchingMixin}) and of {@code bench inference}, which measures them.
 */
final class BatchQueueMixin {

    @Option(
            names = "--max-wait",
            defaultValue = "5ms",
            description =
                    "how long a batch waits for more rows after its first one (default:"
                            + " ${DEFAULT-VALUE})")
    Duration maxWait;

    @Option(
            names = "--in-flight-batches",
            defaultValue = "4",
            description =
                    "batches queued or running at once (per subtask in a job); beyond that, rows"
                            + " wait and the source backpressures (default: ${DEFAULT-VALUE})")
    int inFlightBatches;
}
