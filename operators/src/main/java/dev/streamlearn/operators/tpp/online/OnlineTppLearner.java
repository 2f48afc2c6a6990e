package dev.streamlearn.operators.tpp.online;

import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A global point-process model that learns from a stream window after window: events are buffered
 * until their window closes; each closed window is a task of the continual protocol (PromptTPP's
 * setting: no replay, no task identity), on which a copy of the current model trains for a few
 * epochs, prompt pool included, while the current one keeps serving; the trained copy then becomes
 * the next version. Versions count up from 0 (the untrained model), or from the version of the
 * config's starting model, and are part of the state, so they go on across restarts.
 *
 * <pre>{@code
 * OnlineTppLearner learner = OnlineTppLearner.create(OnlineTppConfig.defaults(3, true, 7));
 * learner.add("u1", 1000, 2);                 // ... the window's events
 * learner.closeBefore(100_000);               // the window [.., 100 s) is complete
 * OnlineTppLearner.Job job = learner.nextJob();
 * job.run();                                   // anywhere: it touches only its copy
 * long version = learner.accept(job);          // 1
 * }</pre>
 */
public final class OnlineTppLearner implements AutoCloseable {

    /** A closed window waiting for training. */
    record Closed(long end, WindowEvents events) {}

    private final OnlineTppConfig config;
    private NeuralTpp model;
    private long version;
    private long trainedUntil;
    private long windowsTrained;
    private final WindowEvents open;
    private final Deque<Closed> closed;

    OnlineTppLearner(
            OnlineTppConfig config,
            NeuralTpp model,
            long version,
            long trainedUntil,
            long windowsTrained,
            WindowEvents open,
            Deque<Closed> closed) {
        this.config = config;
        this.model = model;
        this.version = version;
        this.trainedUntil = trainedUntil;
        this.windowsTrained = windowsTrained;
        this.open = open;
        this.closed = closed;
    }

    /**
     * A learner with the config's initial model at its version: the starting model when the config
     * has one, else the untrained model at version 0.
     */
    public static OnlineTppLearner create(OnlineTppConfig config) {
        return new OnlineTppLearner(
                config,
                config.initialModel(),
                config.initialVersion(),
                Long.MIN_VALUE,
                0,
                new WindowEvents(),
                new ArrayDeque<>());
    }

    public OnlineTppConfig config() {
        return config;
    }

    /** The current model; it changes only in {@link #accept}. */
    public NeuralTpp model() {
        return model;
    }

    public long version() {
        return version;
    }

    /** The end (event time, ms) of the newest trained window; {@code Long.MIN_VALUE}: none. */
    public long trainedUntil() {
        return trainedUntil;
    }

    public long windowsTrained() {
        return windowsTrained;
    }

    /** Closed windows not trained yet. */
    public int windowsWaiting() {
        return closed.size();
    }

    /** Events not in a closed window yet. */
    public int eventsBuffered() {
        return open.size();
    }

    WindowEvents open() {
        return open;
    }

    Deque<Closed> closed() {
        return closed;
    }

    /** Buffers one event for its window. */
    public void add(String entity, long time, int type) {
        open.add(entity, time, type);
        if (config.windowEvents() > 0 && open.size() >= config.windowEvents()) {
            closeBefore(Long.MAX_VALUE);
        }
    }

    /**
     * Closes a window with the buffered events before {@code end} (event time, ms); nothing happens
     * when there is none. Returns whether a window closed.
     */
    public boolean closeBefore(long end) {
        WindowEvents taken = open.takeBefore(end);
        if (taken.size() == 0) {
            return false;
        }
        closed.add(new Closed(end == Long.MAX_VALUE ? taken.maxTime() + 1 : end, taken));
        return true;
    }

    /**
     * The training of the oldest closed window on a copy of the current model, or null when no
     * window waits. Call on the thread that owns the learner; {@link Job#run} may run on any.
     */
    public Job nextJob() {
        Closed window = closed.peek();
        if (window == null) {
            return null;
        }
        List<EventSequence> seqs =
                window.events()
                        .sequences(
                                config.historyLength(), config.unitMillis(), config.maxSequences());
        return new Job(window, model.copy(), seqs, config.epochs());
    }

    /**
     * Makes a finished job's model the current one, as the next version; returns that version.
     *
     * @throws IllegalStateException when the job is not the oldest waiting window's (a job made
     *     before a restore, or accepted twice)
     */
    public long accept(Job job) {
        if (!job.done() || job.cancelled || closed.peek() != job.window) {
            throw new IllegalStateException(
                    "a training job is accepted once, finished, for the oldest waiting window");
        }
        closed.poll();
        model.close();
        model = job.model;
        version++;
        trainedUntil = Math.max(trainedUntil, job.window.end());
        windowsTrained++;
        return version;
    }

    @Override
    public void close() {
        model.close();
    }

    /** The training of one window on a copy of the model: independent of the learner. */
    public static final class Job {
        private final Closed window;
        private final NeuralTpp model;
        private final List<EventSequence> sequences;
        private final int epochs;
        private volatile boolean done;
        private volatile boolean cancelled;
        private final List<Double> losses = new ArrayList<>();

        Job(Closed window, NeuralTpp model, List<EventSequence> sequences, int epochs) {
            this.window = window;
            this.model = model;
            this.sequences = sequences;
            this.epochs = epochs;
        }

        /** Trains the copy; returns the training loss per event of each epoch. */
        public List<Double> run() {
            for (int e = 0; e < epochs && !cancelled; e++) {
                losses.add(model.trainEpoch(sequences));
            }
            done = true;
            return losses;
        }

        public boolean done() {
            return done;
        }

        /** The window's end (event time, ms). */
        public long windowEnd() {
            return window.end();
        }

        /** The events of the window. */
        public int events() {
            return window.events().size();
        }

        /** The sequences trained on. */
        public int sequences() {
            return sequences.size();
        }

        /** Stops the training after the current epoch; the job will not be accepted. */
        public void cancel() {
            cancelled = true;
        }

        /** Frees the copy of a job that will not be accepted. */
        public void discard() {
            model.close();
        }
    }
}
