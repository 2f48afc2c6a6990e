package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamlearn.jobs.TppModelFile;
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

    /** How a neural method's model is built and carried from task to task. */
    private record Neural(boolean prompts, NeuralLearner.Mode mode) {}

    /** The neural methods: those whose final model can be exported. */
    private static final Map<String, Neural> NEURAL =
            Map.of(
                    "prompt", new Neural(true, NeuralLearner.Mode.CHAIN),
                    "finetune", new Neural(false, NeuralLearner.Mode.CHAIN),
                    "retrain", new Neural(false, NeuralLearner.Mode.RETRAIN),
                    "frozen", new Neural(false, NeuralLearner.Mode.FROZEN));

    /**
     * The final model of one neural method (after the last task), written to a file that {@code run
     * tpp --initial-model} starts from ({@link TppModelFile}).
     *
     * @param method a neural method among those run
     * @param file where the model goes
     */
    public record Export(String method, Path file) {
        public Export {
            if (!NEURAL.containsKey(method)) {
                throw new IllegalArgumentException(
                        String.format(
                                "the model of '%s' cannot be exported: choose a neural method,"
                                        + " one of %s",
                                method, neuralMethods()));
            }
        }

        /**
         * The export of {@code method}, or of the first neural method of {@code methods} when it is
         * null; null when {@code file} is null.
         */
        public static Export of(Path file, String method, List<String> methods) {
            if (file == null) {
                if (method != null) {
                    throw new IllegalArgumentException(
                            "--export-method goes with --export-model FILE, the file to write");
                }
                return null;
            }
            if (method != null) {
                return new Export(method, file);
            }
            List<String> neural = neuralMethods(methods);
            if (neural.isEmpty()) {
                throw new IllegalArgumentException(
                        "--export-model writes the model of a neural method, but --methods has none:"
                                + " add one of "
                                + neuralMethods());
            }
            return new Export(neural.get(0), file);
        }
    }

    private static List<String> neuralMethods(List<String> methods) {
        return methods.stream().filter(NEURAL::containsKey).toList();
    }

    private static String neuralMethods() {
        return String.join(", ", neuralMethods(METHODS));
    }

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
     * @param png the prefix of the charts (null: none)
     * @param export the method whose final model is written, and where (null: none); it needs one
     *     seed
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
            Path png,
            Export export) {
        public Config {
            if (export != null && !methods.contains(export.method())) {
                throw new IllegalArgumentException(
                        String.format(
                                "--export-method %s is not among --methods %s: add it there",
                                export.method(), String.join(",", methods)));
            }
            if (export != null && seeds.size() != 1) {
                throw new IllegalArgumentException(
                        String.format(
                                "--export-model writes one model, but %d seeds were given: give"
                                        + " one with --seeds",
                                seeds.size()));
            }
        }
    }

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
                ContinualResult run = run(method, protocol, config, seed, out);
                runs.add(run);
                if (method.equals("poisson")) {
                    poissonGaps = diagonal(run.gap());
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

    /** One method through the tasks; the final model written when it is the exported one. */
    private static ContinualResult run(
            String method, ContinualProtocol protocol, Config config, long seed, PrintStream out)
            throws IOException {
        Neural neural = NEURAL.get(method);
        if (neural == null) {
            try (Learner learner = hawkes(method)) {
                return protocol.run(learner);
            }
        }
        try (NeuralLearner learner =
                new NeuralLearner(
                        method,
                        neuralConfig(config, seed, neural.prompts()),
                        training(config, seed),
                        neural.mode(),
                        config.epochs(),
                        config.devEvery(),
                        out::println)) {
            ContinualResult run = protocol.run(learner);
            Export export = config.export();
            if (export != null && export.method().equals(method)) {
                TppModelFile.write(export.file(), learner.model());
                out.printf(
                        "%s: the final model written to %s; start the job from it with"
                                + " streamlearn run tpp --types k0,k1,k2%s --initial-model %s%n",
                        method,
                        export.file(),
                        neural.prompts() ? "" : " --no-prompts",
                        export.file());
            }
            return run;
        }
    }

    private static Learner hawkes(String method) {
        return switch (method) {
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
