package dev.streamlearn.operators.tpp.neural;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.LogLikelihood;
import dev.streamlearn.operators.tpp.NextEventScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A neural point process that learns: an {@link AttNhp} with its {@link AttNhpTrainer}, in its own
 * DJL manager (PyTorch, float32). It trains epoch by epoch on sequences in their given order,
 * scores them by the trapezoid likelihood, and predicts each next event: the time as {@code E[Δt]}
 * (the survival function integrated on a grid, with the tail beyond it at the last intensity), the
 * type as the most intense at that time.
 */
public final class NeuralTpp implements AutoCloseable {
    /** The DJL engine the model runs on. */
    public static final String ENGINE = "PyTorch";

    private static final int PREDICTION_POINTS = 48;
    private static final int SCORE_BATCH = 8;

    /**
     * How the model trains and predicts.
     *
     * @param samples integral points per interval in the training objective (0: the trapezoid)
     * @param batchSize sequences per Adam step
     * @param seed the seed of the training integral points
     * @param maxGap the end of the prediction grid; beyond it the intensity counts as constant
     */
    public record Training(int samples, int batchSize, long seed, double maxGap)
            implements java.io.Serializable {
        public Training {
            if (batchSize <= 0 || !(maxGap > 0)) {
                throw new IllegalArgumentException(
                        "batch size and the prediction grid's end must be > 0");
            }
        }
    }

    private final NDManager manager;
    private final AttNhpConfig config;
    private final Training training;
    private final AttNhp model;
    private final AttNhpTrainer trainer;

    private NeuralTpp(
            NDManager manager,
            AttNhpConfig config,
            Training training,
            AttNhp model,
            AttNhpTrainer trainer) {
        this.manager = manager;
        this.config = config;
        this.training = training;
        this.model = model;
        this.trainer = trainer;
    }

    /** A fresh model from the config's seed. */
    public static NeuralTpp create(AttNhpConfig config, Training training) {
        NDManager m = NDManager.newBaseManager(Device.cpu(), ENGINE);
        AttNhp model = new AttNhp(AttNhpParameters.initialise(config, m, DataType.FLOAT32));
        return new NeuralTpp(
                m,
                config,
                training,
                model,
                new AttNhpTrainer(model, training.samples(), training.seed()));
    }

    /** A model restored from its parts on the CPU, as {@link NeuralTppCodec} reads them. */
    static NeuralTpp restore(
            AttNhpConfig config,
            Training training,
            java.util.Map<String, float[]> parameters,
            AttNhpTrainer.State state) {
        return restore(config, training, parameters, state, Device.cpu());
    }

    private static NeuralTpp restore(
            AttNhpConfig config,
            Training training,
            java.util.Map<String, float[]> parameters,
            AttNhpTrainer.State state,
            Device device) {
        NDManager m = NDManager.newBaseManager(device, ENGINE);
        try {
            AttNhp model = new AttNhp(AttNhpParameters.of(config, m, DataType.FLOAT32, parameters));
            return new NeuralTpp(m, config, training, model, AttNhpTrainer.restore(model, state));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public AttNhpConfig config() {
        return config;
    }

    public Training training() {
        return training;
    }

    AttNhp model() {
        return model;
    }

    NDManager manager() {
        return manager;
    }

    AttNhpTrainer trainer() {
        return trainer;
    }

    /** The training steps skipped so far because their loss or gradients were not finite. */
    public long skippedSteps() {
        return trainer.skippedSteps();
    }

    /**
     * One pass over {@code seqs} in batches; returns the mean training loss per event over the
     * steps whose loss was finite (NaN when none was).
     */
    public double trainEpoch(List<EventSequence> seqs) {
        AttNhp.inferenceMode();
        double sum = 0;
        int batches = 0;
        for (int i = 0; i < seqs.size(); i += training.batchSize()) {
            List<EventSequence> batch =
                    trainable(seqs.subList(i, Math.min(seqs.size(), i + training.batchSize())));
            if (!batch.isEmpty()) {
                double loss = trainer.step(batch);
                if (Double.isFinite(loss)) {
                    sum += loss;
                    batches++;
                }
            }
        }
        return batches == 0 ? Double.NaN : sum / batches;
    }

    private static List<EventSequence> trainable(List<EventSequence> seqs) {
        List<EventSequence> out = new ArrayList<>(seqs.size());
        for (EventSequence s : seqs) {
            if (s.size() >= 2) {
                out.add(s);
            }
        }
        return out;
    }

    /** The trapezoid log-likelihood of events {@code 1..n−1} of every sequence. */
    public LogLikelihood logLikelihood(List<EventSequence> seqs) {
        AttNhp.inferenceMode();
        LogLikelihood sum = LogLikelihood.ZERO;
        List<EventSequence> scored = trainable(seqs);
        for (int i = 0; i < scored.size(); i += SCORE_BATCH) {
            try (NDManager sub = manager.newSubManager()) {
                TppBatch b =
                        TppBatch.of(
                                scored.subList(i, Math.min(scored.size(), i + SCORE_BATCH)),
                                config.types(),
                                sub,
                                DataType.FLOAT32);
                AttNhp.Likelihood lik = model.likelihood(b);
                sum =
                        sum.plus(
                                new LogLikelihood(
                                        AttNhp.scalar(lik.total()),
                                        (long) AttNhp.scalar(lik.events())));
            }
        }
        return sum;
    }

    /**
     * The log-likelihood of the last event of {@code prefix} given the ones before it, computed
     * alone: the per-event path a streaming operator without batching would take.
     */
    public LogLikelihood lastEvent(EventSequence prefix) {
        AttNhp.inferenceMode();
        if (prefix.size() < 2) {
            throw new IllegalArgumentException("the last event needs one before it");
        }
        try (NDManager sub = manager.newSubManager()) {
            TppBatch b = TppBatch.of(List.of(prefix), config.types(), sub, DataType.FLOAT32);
            return new LogLikelihood(AttNhp.scalar(model.lastEvent(b).total()), 1);
        }
    }

    /**
     * For each history, the newest event's log-likelihood given the ones before it (trapezoid
     * integral, as {@link #lastEvent}) and the forecast of the event after it; the histories are
     * scored in batches of equal length, so each forecast is the one the history would get alone.
     */
    public List<dev.streamlearn.operators.tpp.NextEventForecast> forecast(
            List<EventSequence> histories) {
        return Forecasts.of(this, histories);
    }

    /** The end points of the prediction grid: {@code maxGap·(g/(G−1))²}, dense near 0. */
    double[] predictionGrid() {
        double[] grid = new double[PREDICTION_POINTS];
        for (int g = 0; g < grid.length; g++) {
            double f = (double) g / (grid.length - 1);
            grid[g] = training.maxGap() * f * f;
        }
        return grid;
    }

    /**
     * Predicts events {@code 1..n−1} of every sequence from the ones before and scores the
     * predictions.
     */
    public NextEventScore predict(List<EventSequence> seqs) {
        AttNhp.inferenceMode();
        NextEventScore score = NextEventScore.ZERO;
        List<EventSequence> scored = trainable(seqs);
        for (int i = 0; i < scored.size(); i += SCORE_BATCH) {
            List<EventSequence> chunk = scored.subList(i, Math.min(scored.size(), i + SCORE_BATCH));
            score = score.plus(predictBatch(chunk));
        }
        return score;
    }

    private NextEventScore predictBatch(List<EventSequence> seqs) {
        double[] grid = predictionGrid();
        float[] lambda;
        int positions;
        try (NDManager sub = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TppBatch b = TppBatch.of(seqs, config.types(), sub, DataType.FLOAT32);
            positions = b.length() - 1;
            NDArray from = b.times().get(new NDIndex(":, :{}", positions));
            NDArray offsets = sub.create(grid).toType(DataType.FLOAT32, false);
            NDArray queries = from.expandDims(2).add(offsets);
            lambda = model.intensities(model.encode(b), queries).toFloatArray();
        }
        NextEventScore score = NextEventScore.ZERO;
        int k = config.types();
        for (int s = 0; s < seqs.size(); s++) {
            EventSequence seq = seqs.get(s);
            for (int p = 0; p + 1 < seq.size(); p++) {
                int base = (s * positions + p) * PREDICTION_POINTS * k;
                NextEvent next = NextEvent.of(lambda, base, grid, k);
                double gap = seq.times()[p + 1] - seq.times()[p];
                score = score.plus(next.gap() - gap, next.type() != seq.types()[p + 1]);
            }
        }
        return score;
    }

    /** A prediction from the intensities on the grid. */
    record NextEvent(double gap, int type) {

        /**
         * {@code E[Δt] = ∫ S(u) du} by the trapezoid rule on the grid, plus the tail {@code
         * S(U)/λ(U)} beyond it; the type with the largest intensity at {@code E[Δt]}, interpolated.
         */
        static NextEvent of(float[] lambda, int base, double[] grid, int k) {
            int n = grid.length;
            double[] total = new double[n];
            for (int g = 0; g < n; g++) {
                for (int j = 0; j < k; j++) {
                    total[g] += lambda[base + g * k + j];
                }
            }
            double cumulative = 0;
            double survival = 1;
            double expected = 0;
            for (int g = 1; g < n; g++) {
                double h = grid[g] - grid[g - 1];
                cumulative += h * (total[g] + total[g - 1]) / 2;
                double next = Math.exp(-cumulative);
                expected += h * (survival + next) / 2;
                survival = next;
            }
            expected += survival / Math.max(total[n - 1], 1e-12);
            return new NextEvent(expected, mostIntense(lambda, base, grid, k, expected));
        }

        private static int mostIntense(float[] lambda, int base, double[] grid, int k, double at) {
            int g = 1;
            while (g < grid.length - 1 && grid[g] < at) {
                g++;
            }
            double w = Math.min(1, Math.max(0, (at - grid[g - 1]) / (grid[g] - grid[g - 1])));
            int best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double v = (1 - w) * lambda[base + (g - 1) * k + j] + w * lambda[base + g * k + j];
                if (v > bestValue) {
                    bestValue = v;
                    best = j;
                }
            }
            return best;
        }
    }

    /**
     * Writes the parameters to {@code dir/model.safetensors}, each array under its name (see {@link
     * AttNhpParameters}), and the configuration to {@code dir/config.properties}: files that DJL
     * ({@code NDList.decode}) and any safetensors reader load without this project's code.
     */
    public void export(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (NDManager sub = manager.newSubManager()) {
            NDList arrays = new NDList();
            model.parameters()
                    .all()
                    .forEach(
                            (name, a) -> {
                                NDArray copy = a.toType(DataType.FLOAT32, true);
                                copy.attach(sub);
                                copy.setName(name);
                                arrays.add(copy);
                            });
            Files.write(
                    dir.resolve("model.safetensors"), arrays.encode(NDList.Encoding.SAFETENSORS));
        }
        Properties p = new Properties();
        AttNhpConfig c = config;
        p.setProperty("architecture", "AttNHP with PromptTPP prompt pools (Streamlearn)");
        p.setProperty("types", Integer.toString(c.types()));
        p.setProperty("hidden", Integer.toString(c.hidden()));
        p.setProperty("timeEmbedding", Integer.toString(c.timeEmbedding()));
        p.setProperty("stacks", Integer.toString(c.stacks()));
        p.setProperty("layers", Integer.toString(c.layers()));
        p.setProperty("pool", Integer.toString(c.pool()));
        p.setProperty("promptLength", Integer.toString(c.promptLength()));
        p.setProperty("topN", Integer.toString(c.topN()));
        try (var out = Files.newBufferedWriter(dir.resolve("config.properties"))) {
            p.store(out, "the shape of the network in model.safetensors");
        }
    }

    /** An independent copy, through the codec: the same parameters and trainer state. */
    public NeuralTpp copy() {
        NeuralTppCodec codec = new NeuralTppCodec();
        return codec.decode(codec.encode(this));
    }

    /**
     * An independent copy on {@code device} (a GPU, say): the same parameters and trainer state,
     * whose forward passes run there.
     */
    public NeuralTpp copy(Device device) {
        return restore(config, training, model.parameters().values(), trainer.state(), device);
    }

    /** The device this model's arrays live on and its forward passes run on. */
    public Device device() {
        return manager.getDevice();
    }

    /** The number of learnable numbers. */
    public long parameterCount() {
        return model.parameters().count();
    }

    @Override
    public void close() {
        manager.close();
    }
}
