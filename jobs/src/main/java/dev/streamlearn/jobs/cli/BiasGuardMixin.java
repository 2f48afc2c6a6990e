package dev.streamlearn.jobs.cli;

import dev.streamlearn.operators.active.BiasGuardConfig;
import picocli.CommandLine.Option;

/**
 * The active learners' bias guard and latency-aware utility: {@code --guard}, {@code
 * --guard-share}, {@code --guard-min-rate}, {@code --latency-aware} (run active and bench active).
 */
final class BiasGuardMixin {

    @Option(
            names = "--guard",
            defaultValue = "share-ddm",
            description =
                    "bias guard: share-ddm (a random share of instances decided by Random's rule,"
                            + " charged to the same budget, whose labels alone feed a drift detector"
                            + " that resets the learner), share (the share without the detector) or"
                            + " moa (none: the learner sees only what the strategy asked for, as"
                            + " MOA's ALUncertainty) (default: ${DEFAULT-VALUE})")
    String guard;

    @Option(
            names = "--guard-share",
            defaultValue = "0.2",
            description =
                    "the share of instances the guard decides at random, at least (default:"
                            + " ${DEFAULT-VALUE})")
    double share;

    @Option(
            names = "--guard-min-rate",
            defaultValue = "0.004",
            description =
                    "labels per instance the guard's share asks at least: at low budgets the share"
                            + " grows to min(0.5, this / budget), 0.4 at a budget of 0.01; 0 keeps"
                            + " --guard-share at every budget (default: ${DEFAULT-VALUE})")
    double minRate;

    @Option(
            names = "--latency-aware",
            arity = "0..1",
            fallbackValue = "0.25",
            defaultValue = "0",
            description =
                    "for late labels: an instance near one whose answer is pending counts as less"
                            + " uncertain; the optional value is the kernel bandwidth in standard"
                            + " deviations per feature (0.25 when given without one; default: off)")
    double latencyAware;

    /** The guard these options name. */
    BiasGuardConfig config() {
        return new BiasGuardConfig(BiasGuardConfig.Kind.fromName(guard), share, minRate);
    }
}
