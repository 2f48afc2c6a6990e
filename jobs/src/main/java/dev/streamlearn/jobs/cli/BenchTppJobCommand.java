package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.TppJobBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench tpp-job}: the point-process job end to end against its cores. */
@Command(
        name = "tpp-job",
        mixinStandardHelpOptions = true,
        description = {
            "The point-process job (run tpp) end to end against its cores alone, on the Hawkes regime stream of produce hawkes (A -> B -> A -> C, each event with its true log-likelihood), for the prompt pool and the fine-tune chain.",
            "The job: the stream written to an embedded broker first, then read by the job (history, batched scoring, window training on a thread of its own, versions through the model topic, 1 s checkpoints, exactly-once outputs) as fast as it goes; every event must get exactly one committed score. The cores alone: the same events in one thread, each window trained to the end before the next event is scored, so each event is scored by the model trained on every window before its own.",
            "Prints per window the NLL per event above the true process's (the gap; 0 is the best possible) for each run, the versions the job's scoring lagged behind, events/s of each run, and after each regime change the gap in its window and in the next (the target: within 0.1 nats one window after)."
        },
        footer = {
            "",
            "Examples:",
            "  # the regime stream as fast as the job goes, then at 2,000 events/s (each about 10 minutes)",
            "  streamlearn bench tpp-job --json tpp-job.json --png tpp-job.png",
            "  streamlearn bench tpp-job --rate 2000 --methods prompt",
            "  # a quick look: --entities 20 --windows-per-regime 1 --methods prompt"
        })
final class BenchTppJobCommand implements Callable<Integer> {

    @Option(
            names = "--entities",
            defaultValue = "50",
            description = "entities of the stream (default: ${DEFAULT-VALUE})")
    int entities;

    @Mixin HawkesWindowsMixin regimeWindows;

    @Option(
            names = "--seed",
            defaultValue = "2026",
            description = "the stream's seed and the models' (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--methods",
            defaultValue = "prompt,finetune",
            split = ",",
            description = "prompt, finetune (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(
            names = "--epochs",
            defaultValue = "3",
            description = "training passes per window (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(
            names = "--max-sequences",
            defaultValue = "400",
            description = "sequences trained on per window at most (default: ${DEFAULT-VALUE})")
    int maxSequences;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "the job's parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description =
                    "events/s written while the job runs, to see whether it keeps up and how far its"
                            + " model versions lag; 0 writes the stream first and lets the job go as"
                            + " fast as it can (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--png", description = "also draw the gap per window to this PNG file")
    Path png;

    @Mixin BenchJsonMixin json;

    @Mixin BenchWorkDirMixin work;

    @Override
    public Integer call() throws Exception {
        TorchThreads.oneUnlessSet();
        TppJobBenchmark.Config config =
                new TppJobBenchmark.Config(
                        entities,
                        regimeWindows.windowSeconds(),
                        regimeWindows.windowsPerRegime,
                        seed,
                        methods,
                        epochs,
                        maxSequences,
                        parallelism,
                        rate,
                        work.folder());
        List<TppJobBenchmark.Run> runs = new TppJobBenchmark(config, System.out).run();
        TppJobBenchmark.report(System.out, runs, png);
        json.write(file -> TppJobBenchmark.writeJson(file, config, runs));
        return 0;
    }
}
