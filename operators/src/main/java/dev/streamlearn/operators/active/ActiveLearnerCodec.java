package dev.streamlearn.operators.active;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The active learner's codec. Version 4 (current): version 3's, with the guard's least rate after
 * its share. Version 3: version 2's fields, then the bias guard (kind name, share; read as a fixed
 * share), the latency-aware bandwidth, and the guard's state (its generator, its drift detector,
 * the model epoch, the resets and the classifier's own drifts counted, the pending requests, the
 * latency utility's running scale). Version 2: the strategy's config (kind name, fixed threshold,
 * step, randomisation, split share, entropy discount), the budget's config (kind name, budget,
 * window, tolerance window), the seed, the labels learned and the classes taught, the strategy's
 * state (thresholds, generator), the budget manager's state, then the classifier in its own codec's
 * envelope through {@link ModelCodecs}. Version 1: the same with the classifier after a family name
 * ({@link Classifiers#readByFamily}); still read.
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
        return 4;
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
        out.writeLong(model.learned());
        boolean[] taught = model.taught();
        out.writeInt(taught.length);
        for (boolean t : taught) {
            out.writeBoolean(t);
        }
        model.strategy().writeState(out);
        model.budgetManager().writeState(out);
        ModelCodecs.ALL.write(model.classifier(), out);
        out.writeUTF(config.guard().kind().name());
        out.writeDouble(config.guard().share());
        out.writeDouble(config.guard().minRate());
        out.writeDouble(config.latencyBandwidth());
        model.writeGuardState(out);
    }

    @Override
    public ActiveLearner read(int version, DataInput in) throws IOException {
        StrategyConfig s =
                new StrategyConfig(
                        kind(StrategyConfig.Kind.class, in.readUTF()),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble());
        BudgetConfig b =
                new BudgetConfig(
                        kind(BudgetConfig.Kind.class, in.readUTF()),
                        in.readDouble(),
                        in.readInt(),
                        in.readInt());
        long seed = in.readLong();
        long learned = in.readLong();
        boolean[] taught = new boolean[in.readInt()];
        for (int i = 0; i < taught.length; i++) {
            taught[i] = in.readBoolean();
        }
        QueryStrategy strategy = QueryStrategy.create(s, b.budget(), seed);
        strategy.readState(in);
        BudgetManager budget = BudgetManager.create(b);
        budget.readState(in);
        OnlineClassifier classifier =
                version >= 2
                        ? ModelCodecs.ALL.read(in, OnlineClassifier.class)
                        : Classifiers.readByFamily(in);
        // versions 1 and 2 had no guard: MOA's behaviour
        ActiveLearningConfig config =
                version >= 3
                        ? new ActiveLearningConfig(
                                s,
                                b,
                                seed,
                                new BiasGuardConfig(
                                        kind(BiasGuardConfig.Kind.class, in.readUTF()),
                                        in.readDouble(),
                                        version >= 4 ? in.readDouble() : 0),
                                in.readDouble())
                        : new ActiveLearningConfig(s, b, seed);
        ActiveLearner learner = new ActiveLearner(config, classifier, strategy, budget);
        learner.restoreTaught(taught, learned);
        if (version >= 3) {
            learner.readGuardState(in);
        }
        return learner;
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
