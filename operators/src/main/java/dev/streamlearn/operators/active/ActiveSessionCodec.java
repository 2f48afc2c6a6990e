package dev.streamlearn.operators.active;

import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.labels.LabelRequests;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of an {@link ActiveSession}. Version 1 (current): the instances seen, the evaluator,
 * the requests (open and remembered, with their counters), then the active learner's codec version
 * and the learner in that form ({@link ActiveLearnerCodec}).
 */
public final class ActiveSessionCodec implements ModelCodec<ActiveSession> {
    private static final long serialVersionUID = 1L;
    private final ActiveLearnerCodec learnerCodec = new ActiveLearnerCodec();

    @Override
    public String typeName() {
        return "active-session";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(ActiveSession model, DataOutput out) throws IOException {
        out.writeLong(model.instances());
        model.evaluator().write(out);
        model.requests().write(out);
        out.writeInt(learnerCodec.currentVersion());
        learnerCodec.write(model.learner(), out);
    }

    @Override
    public ActiveSession read(int version, DataInput in) throws IOException {
        long instances = in.readLong();
        PrequentialEvaluator evaluator = PrequentialEvaluator.read(in);
        LabelRequests requests = LabelRequests.read(in);
        ActiveLearner learner = learnerCodec.read(in.readInt(), in);
        return new ActiveSession(learner, requests, evaluator, instances);
    }
}
