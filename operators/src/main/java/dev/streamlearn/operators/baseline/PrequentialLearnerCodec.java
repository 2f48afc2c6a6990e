package dev.streamlearn.operators.baseline;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.eval.PrequentialEvaluatorCodec;
import dev.streamlearn.operators.labels.DelayedLabels;
import dev.streamlearn.operators.labels.DelayedLabelsCodec;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The prequential learner's codec. Version 5 (current): instance count, the evaluator (with its
 * window), the classifier, then the instances and labels waiting for each other ({@link
 * DelayedLabels}), each part in its own codec's envelope through {@link ModelCodecs} (the
 * classifier's type tag says which it is). Version 4: the same with the evaluator and the waiting
 * labels as their codecs' fields without an envelope ({@link PrequentialEvaluatorCodec} version 2,
 * {@link DelayedLabelsCodec} version 1). Version 3: the same with the classifier after a family
 * name ({@link Classifiers#readByFamily}). Version 2: version 3 without the waiting instances and
 * labels; read with no one waiting and the default capacity. Version 1: a MOA classifier in Java
 * serialization and the evaluator's first form ({@link PrequentialEvaluatorCodec} version 1). All
 * are read.
 */
public final class PrequentialLearnerCodec implements ModelCodec<PrequentialLearner> {
    private static final long serialVersionUID = 1L;
    private static final PrequentialEvaluatorCodec EVALUATOR = new PrequentialEvaluatorCodec();
    private static final DelayedLabelsCodec DELAYED = new DelayedLabelsCodec();

    /** The first version that writes the evaluator and the waiting labels in their envelopes. */
    private static final int PARTS_IN_ENVELOPES = 5;

    @Override
    public String typeName() {
        return "prequential-learner";
    }

    @Override
    public int currentVersion() {
        return 5;
    }

    @Override
    public void write(PrequentialLearner model, DataOutput out) throws IOException {
        out.writeLong(model.instances());
        ModelCodecs.ALL.write(model.evaluator(), out);
        ModelCodecs.ALL.write(model.classifier(), out);
        ModelCodecs.ALL.write(model.delayed(), out);
    }

    @Override
    public PrequentialLearner read(int version, DataInput in) throws IOException {
        long instances = in.readLong();
        if (version == 1) {
            PrequentialEvaluator evaluator = EVALUATOR.read(1, in);
            return new PrequentialLearner(
                    Classifiers.readLegacy(1, in), evaluator, noneWaiting(), instances);
        }
        boolean enveloped = version >= PARTS_IN_ENVELOPES;
        PrequentialEvaluator evaluator =
                enveloped
                        ? ModelCodecs.ALL.read(in, PrequentialEvaluator.class)
                        : EVALUATOR.read(2, in);
        OnlineClassifier classifier =
                version >= 4
                        ? ModelCodecs.ALL.read(in, OnlineClassifier.class)
                        : Classifiers.readByFamily(in);
        DelayedLabels delayed =
                enveloped
                        ? ModelCodecs.ALL.read(in, DelayedLabels.class)
                        : version >= 3 ? DELAYED.read(1, in) : noneWaiting();
        return new PrequentialLearner(classifier, evaluator, delayed, instances);
    }

    private static DelayedLabels noneWaiting() {
        return new DelayedLabels(PrequentialConfig.DEFAULT_MAX_PENDING);
    }
}
