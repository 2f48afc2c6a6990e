package dev.streamlearn.operators.tpp.continual;

import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.LogLikelihood;
import dev.streamlearn.operators.tpp.NextEventScore;
import dev.streamlearn.operators.tpp.neural.AttNhpConfig;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A neural point process in the protocol, in one of three modes: a chain that keeps training task
 * after task (with or without the prompt pool), a fresh model per task, or a model trained on the
 * first task and frozen. Each task trains for a fixed number of epochs and keeps the parameters of
 * the epoch with the best development likelihood (checked every {@code devEvery} epochs), as the
 * reference code keeps its best-dev checkpoint. Each development check is reported to {@code
 * progress}.
 */
public final class NeuralLearner implements Learner {

    /** How a model carries over from task to task. */
    public enum Mode {
        CHAIN,
        RETRAIN,
        FROZEN
    }

    private final String name;
    private final AttNhpConfig config;
    private final NeuralTpp.Training training;
    private final Mode mode;
    private final int epochs;
    private final int devEvery;
    private final Consumer<String> progress;
    private NeuralTpp model;
    private int tasks;

    public NeuralLearner(
            String name,
            AttNhpConfig config,
            NeuralTpp.Training training,
            Mode mode,
            int epochs,
            int devEvery,
            Consumer<String> progress) {
        if (epochs <= 0 || devEvery <= 0) {
            throw new IllegalArgumentException("epochs and devEvery must be > 0");
        }
        this.name = name;
        this.config = config;
        this.training = training;
        this.mode = mode;
        this.epochs = epochs;
        this.devEvery = devEvery;
        this.progress = progress;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Double> learn(Task task) {
        tasks++;
        if (mode == Mode.FROZEN && tasks > 1) {
            return List.of();
        }
        if (model == null || mode == Mode.RETRAIN) {
            close();
            model = NeuralTpp.create(config, training);
        }
        List<Double> losses = new ArrayList<>();
        NeuralTpp best = model.copy();
        double bestDev = model.logLikelihood(task.dev()).perEvent();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            losses.add(model.trainEpoch(task.train()));
            if (epoch % devEvery == 0 || epoch == epochs) {
                double dev = model.logLikelihood(task.dev()).perEvent();
                progress.accept(
                        String.format(
                                "%s: task %s epoch %d/%d: training loss %.4f, development LL %.4f"
                                        + " nats/event%s",
                                name,
                                task.name(),
                                epoch,
                                epochs,
                                losses.get(losses.size() - 1),
                                dev,
                                model.skippedSteps() == 0
                                        ? ""
                                        : "; "
                                                + model.skippedSteps()
                                                + " steps skipped (not finite)"));
                if (dev > bestDev) {
                    bestDev = dev;
                    best.close();
                    best = model.copy();
                }
            }
        }
        model.close();
        model = best;
        return losses;
    }

    @Override
    public LogLikelihood logLikelihood(List<EventSequence> seqs) {
        return model.logLikelihood(seqs);
    }

    @Override
    public NextEventScore predict(List<EventSequence> seqs) {
        return model.predict(seqs);
    }

    /**
     * The current model (after a task, the best of its development checks); the learner's, closed
     * with it; null before the first task.
     */
    public NeuralTpp model() {
        return model;
    }

    /** The current model's learnable numbers. */
    public long parameterCount() {
        return model == null ? 0 : model.parameterCount();
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
