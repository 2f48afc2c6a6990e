package dev.streamlearn.operators.active;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The active learner's codec. Version 5 (current): the configuration (the strategy's: kind name,
 * fixed threshold, step, randomisation, split share, entropy discount; the budget's: kind name,
 * budget, window, tolerance window; the seed; the bias guard's: kind name, share, least rate; the
 * latency-aware bandwidth), the labels learned and the classes taught, then the strategy, the
 * budget manager and the classifier, the guard's generator, the model epoch and the resets and the
 * classifier's own drifts counted, then the guard's drift detector, the pending requests and, when
 * the bandwidth is above 0, the latency utility: every part in its own codec's envelope through
 * {@link ModelCodecs}. Version 4: the same configuration but the guard's after the classifier, with
 * the strategy's and the budget manager's state without envelopes (their codecs' fields but the
 * configuration's), the classifier through {@link ModelCodecs}, then the guard's state with the
 * detector and the requests as their codecs' version 1 fields and the latency utility's running
 * scale without envelopes. Version 3: version 4's without the guard's least rate (read as a fixed
 * share). Version 2: version 3's without the guard and the latency-aware utility (the guard's
 * configuration and state): MOA's behaviour. Version 1: version 2's with the classifier after a
 * family name ({@link Classifiers#readByFamily}). All are read.
 *
 * <pre>{@code
 * ActiveLearnerCodec codec = new ActiveLearnerCodec();
 * ActiveLearner restored = codec.decode(codec.encode(learner));   // continues identically
 * }</pre>
 */
public final class ActiveLearnerCodec implements ModelCodec<ActiveLearner> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "active-learner";
    }

    @Override
    public int currentVersion() {
        return 5;
    }

    @Override
    public void write(ActiveLearner model, DataOutput out) throws IOException {
        ActiveLearningConfig config = model.config();
        StrategyConfig s = config.strategy();
        out.writeUTF(s.kind().name());
        out.writeDouble(s.fixedThreshold());
        out.writeDouble(s.step());
        out.writeDouble(s.randomisation());
        out.writeDouble(s.splitShare());
        out.writeDouble(s.entropyDiscount());
        BudgetConfig b = config.budget();
        out.writeUTF(b.kind().name());
        out.writeDouble(b.budget());
        out.writeInt(b.window());
        out.writeInt(b.toleranceWindow());
        out.writeLong(config.seed());
        out.writeUTF(config.guard().kind().name());
        out.writeDouble(config.guard().share());
        out.writeDouble(config.guard().minRate());
        out.writeDouble(config.latencyBandwidth());
        out.writeLong(model.learned());
        boolean[] taught = model.taught();
        out.writeInt(taught.length);
        for (boolean t : taught) {
            out.writeBoolean(t);
        }
        ModelCodecs.ALL.write(model.strategy(), out);
        ModelCodecs.ALL.write(model.budgetManager(), out);
        ModelCodecs.ALL.write(model.classifier(), out);
        out.writeLong(model.guardRandomState());
        out.writeLong(model.epoch());
        out.writeLong(model.guardResets());
        out.writeLong(model.learnerDrifts());
        ModelCodecs.ALL.write(model.detector(), out);
        ModelCodecs.ALL.write(model.pending(), out);
        if (model.latency() != null) {
            ModelCodecs.ALL.write(model.latency(), out);
        }
    }

    @Override
    public ActiveLearner read(int version, DataInput in) throws IOException {
        StrategyConfig s = readStrategyConfig(in);
        BudgetConfig b = readBudgetConfig(in);
        long seed = in.readLong();
        if (version < 5) {
            return readUpToVersion4(version, s, b, seed, in);
        }
        ActiveLearningConfig config =
                new ActiveLearningConfig(s, b, seed, readGuardConfig(in, true), in.readDouble());
        long learned = in.readLong();
        boolean[] taught = readTaught(in);
        QueryStrategy strategy = ModelCodecs.ALL.read(in, QueryStrategy.class);
        BudgetManager budget = ModelCodecs.ALL.read(in, BudgetManager.class);
        OnlineClassifier classifier = ModelCodecs.ALL.read(in, OnlineClassifier.class);
        long guardRandom = in.readLong();
        long epoch = in.readLong();
        long guardResets = in.readLong();
        long learnerDrifts = in.readLong();
        ErrorRateDetector detector = ModelCodecs.ALL.read(in, ErrorRateDetector.class);
        PendingRequests pending = ModelCodecs.ALL.read(in, PendingRequests.class);
        LatencyAwareUtility latency =
                config.latencyBandwidth() > 0
                        ? ModelCodecs.ALL.read(in, LatencyAwareUtility.class)
                        : null;
        ActiveLearner learner =
                new ActiveLearner(config, classifier, strategy, budget, detector, pending, latency);
        learner.restoreTaught(taught, learned);
        learner.restoreGuard(guardRandom, epoch, guardResets, learnerDrifts);
        return learner;
    }

    /** Versions 1 to 4, after the strategy's and the budget's configuration and the seed. */
    private static ActiveLearner readUpToVersion4(
            int version, StrategyConfig s, BudgetConfig b, long seed, DataInput in)
            throws IOException {
        long learned = in.readLong();
        boolean[] taught = readTaught(in);
        QueryStrategy strategy = readBareStrategy(s, b.budget(), seed, in);
        BudgetManager budget = readBareBudget(b, in);
        OnlineClassifier classifier =
                version >= 2
                        ? ModelCodecs.ALL.read(in, OnlineClassifier.class)
                        : Classifiers.readByFamily(in);
        if (version < 3) {
            // versions 1 and 2 had no guard: MOA's behaviour
            ActiveLearner learner =
                    new ActiveLearner(
                            new ActiveLearningConfig(s, b, seed), classifier, strategy, budget);
            learner.restoreTaught(taught, learned);
            return learner;
        }
        ActiveLearningConfig config =
                new ActiveLearningConfig(
                        s, b, seed, readGuardConfig(in, version >= 4), in.readDouble());
        long guardRandom = in.readLong();
        ErrorRateDetector detector = new ErrorRateDetectorCodec().read(1, in);
        long epoch = in.readLong();
        long guardResets = in.readLong();
        long learnerDrifts = in.readLong();
        PendingRequests pending = new PendingRequestsCodec().read(1, in);
        LatencyAwareUtility latency =
                config.latencyBandwidth() > 0
                        ? LatencyAwareUtilityCodec.readBare(config.latencyBandwidth(), in)
                        : null;
        ActiveLearner learner =
                new ActiveLearner(config, classifier, strategy, budget, detector, pending, latency);
        learner.restoreTaught(taught, learned);
        learner.restoreGuard(guardRandom, epoch, guardResets, learnerDrifts);
        return learner;
    }

    /**
     * The strategy as versions 1 to 4 wrote it: built from the learner's configuration, then its
     * changing state without an envelope (its codec's fields but the configuration's).
     */
    private static QueryStrategy readBareStrategy(
            StrategyConfig s, double budget, long seed, DataInput in) throws IOException {
        return switch (s.kind()) {
            case RANDOM -> RandomSamplingCodec.readBare(new RandomSampling(budget, seed), in);
            case FIXED_UNCERTAINTY -> new FixedUncertainty(s.fixedThreshold());
            case VARIABLE_UNCERTAINTY ->
                    VariableUncertaintyCodec.readBare(new VariableUncertainty(s.step()), in);
            case RANDOMIZED_VARIABLE_UNCERTAINTY ->
                    RandomizedVariableUncertaintyCodec.readBare(
                            new RandomizedVariableUncertainty(s.step(), s.randomisation(), seed),
                            in);
            case SELECTIVE_SAMPLING ->
                    SelectiveSamplingCodec.readBare(new SelectiveSampling(budget, seed), in);
            case SPLIT ->
                    SplitSamplingCodec.readBare(
                            new SplitSampling(s.step(), s.splitShare(), budget, seed), in);
            case ENTROPY ->
                    EntropySamplingCodec.readBare(
                            new EntropySampling(s.entropyDiscount(), seed), in);
        };
    }

    /** The budget manager as versions 1 to 4 wrote it: its state without an envelope. */
    private static BudgetManager readBareBudget(BudgetConfig b, DataInput in) throws IOException {
        return switch (b.kind()) {
            case CUMULATIVE -> CumulativeBudgetCodec.readBare(new CumulativeBudget(b.budget()), in);
            case WINDOWED ->
                    WindowedBudgetCodec.readBare(new WindowedBudget(b.budget(), b.window()), in);
            case BIQF ->
                    BalancedIncrementalQuantileFilterCodec.readBare(
                            new BalancedIncrementalQuantileFilter(
                                    b.budget(), b.window(), b.toleranceWindow()),
                            in);
        };
    }

    private static StrategyConfig readStrategyConfig(DataInput in) throws IOException {
        return new StrategyConfig(
                kind(StrategyConfig.Kind.class, in.readUTF()),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble());
    }

    private static BudgetConfig readBudgetConfig(DataInput in) throws IOException {
        return new BudgetConfig(
                kind(BudgetConfig.Kind.class, in.readUTF()),
                in.readDouble(),
                in.readInt(),
                in.readInt());
    }

    /** The guard's kind, share and, when written, least rate (without it: a fixed share). */
    private static BiasGuardConfig readGuardConfig(DataInput in, boolean withMinRate)
            throws IOException {
        return new BiasGuardConfig(
                kind(BiasGuardConfig.Kind.class, in.readUTF()),
                in.readDouble(),
                withMinRate ? in.readDouble() : 0);
    }

    private static boolean[] readTaught(DataInput in) throws IOException {
        boolean[] taught = new boolean[in.readInt()];
        for (int i = 0; i < taught.length; i++) {
            taught[i] = in.readBoolean();
        }
        return taught;
    }

    private static <E extends Enum<E>> E kind(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "state holds a "
                            + type.getSimpleName()
                            + " '"
                            + name
                            + "' that this build does not know; upgrade Streamlearn",
                    e);
        }
    }
}
