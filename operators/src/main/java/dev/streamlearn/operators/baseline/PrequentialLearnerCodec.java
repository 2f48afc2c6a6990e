package dev.streamlearn.operators.baseline;

import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.state.codec.MoaLearnerCodec;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The baseline learner's codec. Version 2 (current): instance count, the evaluator with its window
 * packed as bits, the MOA classifier in its own versioned envelope (Kryo today). Version 1: the
 * evaluator's window as one byte per instance and the classifier in Java serialization; still read.
 */
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
        return 2;
    }

    @Override
    public void write(PrequentialLearner model, DataOutput out) throws IOException {
        out.writeLong(model.instances());
        model.evaluator().write(out);
        MOA.writeNested(model.classifier(), out);
    }

    @Override
    public PrequentialLearner read(int version, DataInput in) throws IOException {
        long instances = in.readLong();
        PrequentialEvaluator evaluator =
                version == 1 ? PrequentialEvaluator.readV1(in) : PrequentialEvaluator.read(in);
        // version 1 nested the classifier without a version of its own (Java serialization)
        MoaClassifier classifier = version == 1 ? MOA.read(1, in) : MOA.readNested(in);
        return new PrequentialLearner(classifier, evaluator, instances);
    }
}
