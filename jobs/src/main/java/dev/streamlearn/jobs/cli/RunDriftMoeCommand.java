package dev.streamlearn.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn run driftmoe}: the prequential job with DriftMoE per stream key. */
@Command(
        name = "driftmoe",
        mixinStandardHelpOptions = true,
        description = {
            "DriftMoE per stream key (Aspis et al., 2025; MoE-Data by default, --learner driftmoe-task for MoE-Task): validate instances, predict then learn, write predictions and metrics exactly once. Gauges in the web UI, over the streams of each subtask: streams, accuracy, kappa, kappa-M, kappa-temporal (means, and the lowest stream's as accuracyLowest, ...), router loss (mean, highest), routing share per expert (mean).",
            ""
        },
        footer = {
            "",
            "Example:",
            "  streamlearn run driftmoe --bootstrap-servers localhost:9092 \\",
            "      --schema elec --job-name driftmoe-elec"
        })
final class RunDriftMoeCommand implements Callable<Integer> {

    @Mixin JobMixin job;

    @Mixin ClassificationMixin classification;

    @Option(
            names = "--learner",
            defaultValue = "driftmoe-data",
            description =
                    "driftmoe-data (MoE-Data), driftmoe-task (MoE-Task), both the paper's"
                            + " configuration, or driftmoe-improved (opt-in changes beyond the"
                            + " paper) (default: ${DEFAULT-VALUE})")
    String learner;

    @Override
    public Integer call() throws Exception {
        return RunPrequentialCommand.run(job, classification, learner);
    }
}
