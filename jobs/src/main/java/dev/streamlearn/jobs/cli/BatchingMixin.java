package dev.streamlearn.jobs.cli;

import dev.streamlearn.gpu.flink.BatchOptions;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the scoring job groups rows into forward calls: the batching options of {@code run score},
 * and of {@code bench score}, which runs that job.
 */
final class BatchingMixin {

    @Option(
            names = "--batch-size",
            defaultValue = "256",
            description = "rows per forward call at most (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Mixin BatchQueueMixin queue;

    @Option(
            names = "--timeout",
            defaultValue = "60s",
            description =
                    "fail (and restart) when a row has no score this long after it arrived"
                            + " (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(
            names = "--unordered",
            description =
                    "let a row's score overtake those of earlier rows (lower latency); by default"
                            + " scores keep the order of the rows")
    boolean unordered;

    /** The options, checked by {@link BatchOptions} (each error names its field and range). */
    BatchOptions options() {
        return BatchOptions.defaults()
                .withBatchSize(batchSize)
                .withMaxWait(queue.maxWait)
                .withMaxInFlightBatches(queue.inFlightBatches)
                .withOrdered(!unordered)
                .withTimeout(timeout);
    }
}
