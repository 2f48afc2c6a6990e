package dev.streamlearn.operators.tpp.online;

import dev.streamlearn.operators.tpp.neural.AttNhpConfig;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import java.io.Serializable;
import java.util.List;

/**
 * How a point-process model learns from a stream, window after window (each window a task of the
 * continual protocol), and how events are seen by it.
 *
 * @param model the network (with or without the prompt pool) and its seed
 * @param training the training objective's settings
 * @param historyLength events kept per entity (the newest scored given the others), and the length
 *     of the training sequences cut from a window
 * @param unitMillis milliseconds per model time unit (1000: the model thinks in seconds)
 * @param windowMillis a window closes every this much event time (0: by count only)
 * @param windowEvents a window closes when it holds this many events (0: by time only)
 * @param epochs training passes over a window's sequences
 * @param maxSequences the most sequences trained on per window (a window with more is sampled
 *     evenly), which bounds the training time of a window
 * @param startingModel a trained model to start from instead of the untrained one of {@code model},
 *     of the same shape (null: the untrained one, version 0); its own learning rate, training
 *     settings and optimizer state go on with it
 */
public record OnlineTppConfig(
        AttNhpConfig model,
        NeuralTpp.Training training,
        int historyLength,
        double unitMillis,
        long windowMillis,
        int windowEvents,
        int epochs,
        int maxSequences,
        StartingModel startingModel)
        implements Serializable {

    public OnlineTppConfig {
        if (historyLength < 2) {
            throw new IllegalArgumentException(
                    "historyLength must be at least 2 (an event scored given one before), got "
                            + historyLength);
        }
        if (!(unitMillis > 0)) {
            throw new IllegalArgumentException("unitMillis must be > 0, got " + unitMillis);
        }
        if (windowMillis < 0 || windowEvents < 0 || (windowMillis == 0 && windowEvents == 0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "a window closes by event time (windowMillis > 0), by count"
                                    + " (windowEvents > 0) or both; got %d ms and %d events",
                            windowMillis, windowEvents));
        }
        if (epochs < 1 || maxSequences < 1) {
            throw new IllegalArgumentException(
                    "epochs and maxSequences must be at least 1, got "
                            + epochs
                            + ", "
                            + maxSequences);
        }
        if (startingModel != null) {
            List<String> differences = model.shapeDifferences(startingModel.network());
            if (!differences.isEmpty()) {
                throw new IllegalArgumentException(
                        String.format(
                                "the starting model's network is not the configured one"
                                        + " (configured vs model): %s",
                                String.join(", ", differences)));
            }
        }
    }

    /**
     * The regime benchmark's settings for {@code types} types: the reference network (with the
     * prompt pool or without), Adam at 3e-3, batches of 4, 3 integral points in training; histories
     * of 32 events in seconds; windows of 100 s; 3 epochs on at most 400 sequences.
     */
    public static OnlineTppConfig defaults(int types, boolean prompts, long seed) {
        AttNhpConfig r =
                prompts ? AttNhpConfig.promptTpp(types, seed) : AttNhpConfig.attNhp(types, seed);
        AttNhpConfig model =
                new AttNhpConfig(
                        r.types(),
                        r.hidden(),
                        r.timeEmbedding(),
                        r.stacks(),
                        r.layers(),
                        r.integralPoints(),
                        r.pool(),
                        r.promptLength(),
                        r.topN(),
                        r.pull(),
                        3e-3,
                        seed);
        return new OnlineTppConfig(
                model,
                new NeuralTpp.Training(3, 4, seed + 7, 20),
                32,
                1000,
                100_000,
                0,
                3,
                400,
                null);
    }

    public OnlineTppConfig withWindow(long millis, int events) {
        return new OnlineTppConfig(
                model,
                training,
                historyLength,
                unitMillis,
                millis,
                events,
                epochs,
                maxSequences,
                startingModel);
    }

    public OnlineTppConfig withEpochs(int e) {
        return new OnlineTppConfig(
                model,
                training,
                historyLength,
                unitMillis,
                windowMillis,
                windowEvents,
                e,
                maxSequences,
                startingModel);
    }

    public OnlineTppConfig withHistoryLength(int h) {
        return new OnlineTppConfig(
                model,
                training,
                h,
                unitMillis,
                windowMillis,
                windowEvents,
                epochs,
                maxSequences,
                startingModel);
    }

    public OnlineTppConfig withMaxSequences(int m) {
        return new OnlineTppConfig(
                model,
                training,
                historyLength,
                unitMillis,
                windowMillis,
                windowEvents,
                epochs,
                m,
                startingModel);
    }

    public OnlineTppConfig withUnitMillis(double millis) {
        return new OnlineTppConfig(
                model,
                training,
                historyLength,
                millis,
                windowMillis,
                windowEvents,
                epochs,
                maxSequences,
                startingModel);
    }

    /**
     * Starts from {@code start} instead of the untrained model.
     *
     * @throws IllegalArgumentException when its shape is not {@link #model()}'s, naming each
     *     difference
     */
    public OnlineTppConfig withStartingModel(StartingModel start) {
        return new OnlineTppConfig(
                model,
                training,
                historyLength,
                unitMillis,
                windowMillis,
                windowEvents,
                epochs,
                maxSequences,
                start);
    }

    /**
     * The model of version {@link #initialVersion()}: the starting model when there is one, else
     * the untrained one; a new copy, the same wherever it is made from this config.
     */
    public NeuralTpp initialModel() {
        return startingModel != null ? startingModel.model() : NeuralTpp.create(model, training);
    }

    /** The starting model's version, or 0 for the untrained model. */
    public long initialVersion() {
        return startingModel != null ? startingModel.version() : 0;
    }
}
