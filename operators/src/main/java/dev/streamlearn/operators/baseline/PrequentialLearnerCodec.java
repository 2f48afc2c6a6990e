package dev.streamlearn.operators.baseline;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.labels.DelayedLabels;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The prequential learner's codec. Version 4 (current): instance count, the evaluator (with its
 * window), the classifier in its own codec's envelope through {@link ModelCodecs} (its type tag
 * says which), then the instances and labels waiting for each other ({@link DelayedLabels}).
 * Version 3: the same with the classifier after a family name ({@link Classifiers#readByFamily}).
 * Version 2: version 3 without the waiting instances and labels; read with no one waiting and the
 * default capacity. Version 1: a MOA classifier in Java serialization and the evaluator's first
 * form. All are read.
 */
public final class PrequentialLearnerCodec implements ModelCodec<PrequentialLearner> {
    private static final long serialVersionUID = 1L;

    @Override
    public String typeName() {
        return "prequential-learner";
    }

    @Override
    public int currentVersion() {
        return 4;
    }

    @Override
    public void write(PrequentialLearner model, DataOutput out) throws IOException {
        out.writeLong(model.instances());
        model.evaluator().write(out);
        ModelCodecs.ALL.write(model.classifier(), out);
        model.delayed().write(out);
    }

    @Override
    public PrequentialLearner read(int version, DataInput in) throws IOException {
        long instances = in.readLong();
        if (version == 1) {
            PrequentialEvaluator evaluator = PrequentialEvaluator.readV1(in);
            return new PrequentialLearner(
                    Classifiers.readLegacy(1, in), evaluator, noneWaiting(), instances);
        }
        PrequentialEvaluator evaluator = PrequentialEvaluator.read(in);
        OnlineClassifier classifier =
                version >= 4
                        ? ModelCodecs.ALL.read(in, OnlineClassifier.class)
                        : Classifiers.readByFamily(in);
        DelayedLabels delayed = version >= 3 ? DelayedLabels.read(in) : noneWaiting();
        return new PrequentialLearner(classifier, evaluator, delayed, instances);
    }

    private static DelayedLabels noneWaiting() {
        return new DelayedLabels(PrequentialConfig.DEFAULT_MAX_PENDING);
    }
}
