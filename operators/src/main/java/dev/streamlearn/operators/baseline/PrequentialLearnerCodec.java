package dev.streamlearn.operators.baseline;

import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.state.codec.MoaLearnerCodec;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Version 1: instance count, the evaluator's fields, the MOA classifier in its MOA envelope. */
public final class PrequentialLearnerCodec implements ModelCodec<PrequentialLearner> {
    private static final long serialVersionUID = 1L;
    private static final MoaLearnerCodec<MoaClassifier> MOA =
            new MoaLearnerCodec<>(MoaClassifier.class);

    @Override
    public String typeName() {
        return "prequential-learner";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(PrequentialLearner model, DataOutput out) throws IOException {
        out.writeLong(model.instances());
        model.evaluator().write(out);
        MOA.write(model.classifier(), out);
    }

    @Override
    public PrequentialLearner read(int version, DataInput in) throws IOException {
        long instances = in.readLong();
        PrequentialEvaluator evaluator = PrequentialEvaluator.read(in);
        MoaClassifier classifier = MOA.read(MOA.currentVersion(), in);
        return new PrequentialLearner(classifier, evaluator, instances);
    }
}
