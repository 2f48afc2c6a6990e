package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.BenchReport;
import dev.streamlearn.jobs.bench.TppBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench tpp}: PromptTPP's continual protocol against a Hawkes ground truth. */
@Command(
        name = "tpp",
        mixinStandardHelpOptions = true,
        description = {
            "A neural temporal point process that keeps learning (PromptTPP: AttNHP with a retrieval prompt pool, Xue et al. 2023) on a stream of synthetic Hawkes regimes whose likelihood is known exactly: A -> B (A's types permuted) -> A again -> C, each task with its own training, development and test sequences. After each task every task's test set is scored; R[t][j] is the model's test log-likelihood per event on task j after training through task t, minus the ground truth's. Prints, per method and task: the LL gap right after training, the next-time RMSE (E[dt] by integrating the survival function) against the true process's, the type error against the Bayes error, training and scoring events/s; per method: the average gap, forgetting, backward and forward transfer; the R matrices; batched against one-event-at-a-time scoring.",
            "Methods: prompt (PromptTPP chain), finetune (AttNHP chain without prompts), retrain (a fresh AttNHP per task), frozen (trained on the first task only), hawkes-mle (per-task maximum likelihood: the bound of the right model family), poisson."
        },
        footer = {
            "",
            "One configuration for all tasks: the reference sizes (hidden 32, time embedding 16, 2 stacks of",
            "2 attention layers; pool 10, prompt length 5, top 5, pull 0.1); Adam's rate and the batch size",
            "were chosen on regime A with other seeds (see docs/benchmarks.md).",
            "",
            "Examples:",
            "  streamlearn bench tpp --json tpp.json --png tpp.png",
            "  streamlearn bench tpp --methods prompt,finetune --sequences 50 --epochs 10",
            "  streamlearn bench tpp --stream gradual --tasks 6 --methods prompt,finetune,hawkes-mle",
            "  # the prompt chain's final model, for run tpp --initial-model",
            "  streamlearn bench tpp --methods prompt --export-model streamlearn-out/tpp-prompt.json"
        })
final class BenchTppCommand implements Callable<Integer> {

    @Option(
            names = "--stream",
            defaultValue = "recurring",
            description =
                    "recurring (A, B, A, C) or gradual (drifting A) (default: ${DEFAULT-VALUE})")
    String stream;

    @Option(
            names = "--tasks",
            defaultValue = "4",
            description = "windows of the gradual stream (default: ${DEFAULT-VALUE})")
    int tasks;

    @Option(
            names = {"--seeds", "--seed"},
            defaultValue = "2026",
            split = ",",
            description =
                    "seeds of the tasks' sequences and the models (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(
            names = "--sequences",
            defaultValue = "100",
            description =
                    "training and test sequences per task, half as many for development"
                            + " (default: ${DEFAULT-VALUE})")
    int sequences;

    @Option(
            names = "--horizon",
            defaultValue = "100",
            description = "the time window of each sequence (default: ${DEFAULT-VALUE})")
    double horizon;

    @Option(
            names = "--methods",
            defaultValue = "prompt,finetune,retrain,frozen,hawkes-mle,poisson",
            split = ",",
            description = "methods to run (default: ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(
            names = "--epochs",
            defaultValue = "20",
            description = "training epochs per task (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(
            names = "--dev-every",
            defaultValue = "5",
            description =
                    "epochs between development checks; the best checkpoint is kept"
                            + " (default: ${DEFAULT-VALUE})")
    int devEvery;

    @Option(
            names = "--batch-size",
            defaultValue = "4",
            description = "sequences per Adam step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--learning-rate",
            defaultValue = "3e-3",
            description = "Adam's step size (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(
            names = "--integral-samples",
            defaultValue = "3",
            description =
                    "stratified points per interval in the training objective; the reported"
                            + " likelihood always uses the trapezoid rule on 20 (default:"
                            + " ${DEFAULT-VALUE})")
    int samples;

    @Option(
            names = "--speed-events",
            defaultValue = "300",
            description =
                    "events scored one at a time for the batching ratio; 0 to skip (default:"
                            + " ${DEFAULT-VALUE})")
    int speedEvents;

    @Mixin BenchJsonMixin json;

    @Option(
            names = "--png",
            description = "draw PREFIX-r.png (the R matrices) and PREFIX-curve.png (training loss)")
    Path png;

    @Option(
            names = "--export-model",
            paramLabel = "FILE",
            description =
                    "write the final model of --export-method (after the last task) to FILE, as a"
                            + " record of the job's model topic, for streamlearn run tpp"
                            + " --initial-model FILE (types k0,k1,k2); needs one seed")
    Path exportModel;

    @Option(
            names = "--export-method",
            paramLabel = "METHOD",
            description =
                    "the method whose model --export-model writes: prompt, finetune, retrain or"
                            + " frozen (default: the first of these in --methods)")
    String exportMethod;

    @Override
    public Integer call() throws Exception {
        for (String m : methods) {
            if (!TppBenchmark.METHODS.contains(m)) {
                throw new IllegalArgumentException(
                        "unknown method '"
                                + m
                                + "'; use some of "
                                + String.join(", ", TppBenchmark.METHODS));
            }
        }
        if (!stream.equals("recurring") && !stream.equals("gradual")) {
            throw new IllegalArgumentException(
                    "--stream is recurring or gradual, not '" + stream + "'");
        }
        TppBenchmark.Config config =
                new TppBenchmark.Config(
                        stream,
                        tasks,
                        seeds,
                        sequences,
                        horizon,
                        methods,
                        epochs,
                        devEvery,
                        batchSize,
                        learningRate,
                        samples,
                        speedEvents,
                        png,
                        TppBenchmark.Export.of(exportModel, exportMethod, methods));
        TppBenchmark.Report report = TppBenchmark.run(config, System.out);
        json.write(
                file ->
                        BenchReport.writeJson(
                                file,
                                BenchReport.settings(
                                        "stream", stream,
                                        "seeds", seeds,
                                        "sequences", sequences,
                                        "epochs", epochs,
                                        "r", report.r(),
                                        "summary", report.summaries(),
                                        "scoring", report.scoring()),
                                report.results()));
        return 0;
    }
}
