package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.BenchReport;
import dev.streamlearn.jobs.bench.RouterBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench router}: DriftMoE's router alone, before and after the speed work. */
@Command(
        name = "router",
        mixinStandardHelpOptions = true,
        description = {
            "DriftMoE's router alone, in one process: the production network and Adam against the arithmetic before the speed work (weights output-major, a dot product per output, the mini-batch step running every forward pass again), which gives the same numbers bit for bit.",
            "Sizes: the paper's MoE-Data on Electricity (8-256-128-12, batch 256) and the improved configuration's (8-256-128-32, batch 32). Prints nanoseconds per instance of a forward pass, a backward pass, and a forward pass plus a share of the mini-batch step (all the router's work per instance)."
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn bench router --seconds 2",
            "  streamlearn bench router --json router.json"
        })
final class BenchRouterCommand implements Callable<Integer> {

    @Option(
            names = "--seconds",
            defaultValue = "1",
            description =
                    "timed seconds per measurement, after as long a warm-up (default: ${DEFAULT-VALUE})")
    double seconds;

    @Mixin BenchJsonMixin json;

    @Override
    public Integer call() throws Exception {
        List<RouterBenchmark.Result> results = new RouterBenchmark(seconds, System.out).run();
        json.write(
                file ->
                        BenchReport.writeJson(
                                file, BenchReport.settings("seconds", seconds), results));
        return 0;
    }
}
