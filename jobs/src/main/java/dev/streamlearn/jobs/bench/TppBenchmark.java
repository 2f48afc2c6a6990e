package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.continual.ContinualProtocol;
import dev.streamlearn.operators.tpp.continual.ContinualResult;
import dev.streamlearn.operators.tpp.continual.HawkesLearner;
import dev.streamlearn.operators.tpp.continual.Learner;
import dev.streamlearn.operators.tpp.continual.NeuralLearner;
import dev.streamlearn.operators.tpp.continual.Task;
import dev.streamlearn.operators.tpp.neural.AttNhpConfig;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code streamlearn bench tpp}: PromptTPP's continual protocol on synthetic Hawkes regimes whose
 * likelihood is known, against the fine-tune chain, retraining per task, the frozen first-task
 * model, the per-task Hawkes MLE and Poisson, all on the same tasks in one process.
 */
public final class TppBenchmark {
    private TppBenchmark() {}

    /** The methods, by the names {@code --methods} takes. */
    public static final List<String> METHODS =
            List.of("prompt", "finetune", "retrain", "frozen", "hawkes-mle", "poisson");

    /**
     * @param stream {@code recurring} (A → B → A → C) or {@code gradual}
     * @param tasks windows of the gradual stream (the recurring one has 4)
     * @param sequences training and test sequences per task (half as many for development)
     * @param horizon the window of each sequence
     * @param epochs training epochs per task
     * @param devEvery epochs between development checks
     * @param batchSize sequences per Adam step
     * @param learningRate Adam's step size
     * @param samples integral points per interval in training
     * @param speedEvents events scored one at a time for the batching ratio (0: skip)
     */
    public record Config(
            String stream,
            int tasks,
            List<Long> seeds,
            int sequences,
            double horizon,
            List<String> methods,
            int epochs,
            int devEvery,
            int batchSize,
            double learningRate,
            int samples,
            int speedEvents,
            Path png) {}

    /** One method on one task, right after training on it. */
    public record Result(
            String method,
            String task,
            long seed,
            @JsonProperty("ll_gap") double llGap,
            double rmse,
            @JsonProperty("oracle_rmse") double oracleRmse,
            @JsonProperty("type_error") double typeError,
            @JsonProperty("bayes_error") double bayesError,
            @JsonProperty("train_events_per_s") double trainEventsPerSecond,
            @JsonProperty("score_events_per_s") double scoreEventsPerSecond) {}

    /** A method's continual figures on one seed. */
    public record Summary(
            String method,
            long seed,
            double average,
            @JsonProperty("first_task_loss_after_second") double firstLossAfterSecond,
            @JsonProperty("max_forgetting") double maxForgetting,
            double bwt,
            double fwt,
            @JsonProperty("next_task") double[] nextTask) {}

    /** Everything a run measured. */
    public record Report(
            List<Result> results,
            List<Summary> summaries,
            Map<String, double[][]> r,
            Map<String, List<Double>> losses,
            List<String> tasks,
            TppScoringSpeed.Figures scoring) {}

    public static Report run(Config config, PrintStream out) throws IOException {
        List<Result> results = new ArrayList<>();
        List<Summary> summaries = new ArrayList<>();
        Map<String, double[][]> r = new LinkedHashMap<>();
        Map<String, List<Double>> losses = new LinkedHashMap<>();
        TppScoringSpeed.Figures scoring = null;
        List<String> names = List.of();
        for (long seed : config.seeds()) {
            List<Task> tasks = tasks(config, seed);
            names = tasks.stream().map(Task::name).toList();
            ContinualProtocol protocol = new ContinualProtocol(tasks, out::println);
            double[] poissonGaps = null;
            List<ContinualResult> runs = new ArrayList<>();
            for (String method : config.methods()) {
                try (Learner learner = learner(method, config, seed, out)) {
                    ContinualResult run = protocol.run(learner);
                    runs.add(run);
                    if (method.equals("poisson")) {
                        poissonGaps = diagonal(run.gap());
                    }
                }
            }
            for (ContinualResult run : runs) {
                String key = run.method() + (config.seeds().size() > 1 ? " seed " + seed : "");
                r.put(key, run.gap());
                losses.put(key, run.losses());
                run.perTask().forEach(f -> results.add(result(f, seed)));
                summaries.add(summary(run, seed, poissonGaps));
            }
            if (scoring == null && config.speedEvents() > 0) {
                scoring =
                        TppScoringSpeed.measure(
                                neuralConfig(config, seed, true),
                                training(config, seed),
                                tasks.get(0),
                                config.speedEvents());
            }
        }
        Report report = new Report(results, summaries, r, losses, names, scoring);
        TppReport.print(report, config, out);
        if (config.png() != null) {
            TppReport.writePngs(report, names, config.png(), out);
        }
        return report;
    }

    private static List<Task> tasks(Config config, long seed) {
        return config.stream().equals("gradual")
                ? Task.gradual(config.tasks(), config.sequences(), config.horizon(), seed)
                : Task.recurring(config.sequences(), config.horizon(), seed);
    }

    static AttNhpConfig neuralConfig(Config config, long seed, boolean prompts) {
        AttNhpConfig reference =
                prompts ? AttNhpConfig.promptTpp(3, seed) : AttNhpConfig.attNhp(3, seed);
        return new AttNhpConfig(
                reference.types(),
                reference.hidden(),
                reference.timeEmbedding(),
                reference.stacks(),
                reference.layers(),
                reference.integralPoints(),
                reference.pool(),
                reference.promptLength(),
                reference.topN(),
                reference.pull(),
                config.learningRate(),
                seed);
    }

    static NeuralTpp.Training training(Config config, long seed) {
        return new NeuralTpp.Training(config.samples(), config.batchSize(), seed + 7, 20);
    }

    private static Learner learner(String method, Config config, long seed, PrintStream out) {
        return switch (method) {
            case "prompt" -> neural(method, config, seed, true, NeuralLearner.Mode.CHAIN, out);
            case "finetune" -> neural(method, config, seed, false, NeuralLearner.Mode.CHAIN, out);
            case "retrain" -> neural(method, config, seed, false, NeuralLearner.Mode.RETRAIN, out);
            case "frozen" -> neural(method, config, seed, false, NeuralLearner.Mode.FROZEN, out);
            case "hawkes-mle" -> HawkesLearner.mle(3);
            case "poisson" -> HawkesLearner.poisson(3);
            default ->
                    throw new IllegalArgumentException(
                            "unknown method '"
                                    + method
                                    + "'; use some of "
                                    + String.join(", ", METHODS));
        };
    }

    private static Learner neural(
            String name,
            Config config,
            long seed,
            boolean prompts,
            NeuralLearner.Mode mode,
            PrintStream out) {
        return new NeuralLearner(
                name,
                neuralConfig(config, seed, prompts),
                training(config, seed),
                mode,
                config.epochs(),
                config.devEvery(),
                out::println);
    }

    private static double[] diagonal(double[][] m) {
        double[] d = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            d[i] = m[i][i];
        }
        return d;
    }

    private static Result result(ContinualResult.TaskFigures f, long seed) {
        return new Result(
                f.method(),
                f.task(),
                seed,
                f.llGap(),
                f.rmse(),
                f.oracleRmse(),
                f.typeError(),
                f.bayesError(),
                f.trainEventsPerSecond(),
                f.scoreEventsPerSecond());
    }

    private static Summary summary(ContinualResult run, long seed, double[] poissonGaps) {
        double[] forgetting = run.forgetting();
        double max = Double.NEGATIVE_INFINITY;
        for (double f : forgetting) {
            max = Math.max(max, f);
        }
        return new Summary(
                run.method(),
                seed,
                run.average(),
                run.gap().length > 1 ? run.lossAfterNext(0) : Double.NaN,
                forgetting.length == 0 ? Double.NaN : max,
                run.backwardTransfer(),
                poissonGaps == null ? Double.NaN : run.forwardTransfer(poissonGaps),
                run.nextTask());
    }

    /** The number of scored events (all after the first) of sequences. */
    static long events(List<EventSequence> seqs) {
        long n = 0;
        for (EventSequence s : seqs) {
            n += Math.max(0, s.size() - 1);
        }
        return n;
    }

    static String f4(double v) {
        return String.format(Locale.ROOT, "%+.4f", v);
    }
}
