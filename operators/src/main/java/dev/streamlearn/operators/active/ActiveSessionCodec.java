package dev.streamlearn.operators.active;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.eval.PrequentialEvaluatorCodec;
import dev.streamlearn.operators.labels.LabelRequests;
import dev.streamlearn.operators.labels.LabelRequestsCodec;
import dev.streamlearn.state.codec.ModelCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The codec of an {@link ActiveSession}. Version 2 (current): the instances seen, then the
 * evaluator, the requests (open and remembered, with their counters) and the active learner, each
 * in its own codec's envelope through {@link ModelCodecs}. Version 1: the same, the evaluator and
 * the requests as their codecs' bare fields ({@link PrequentialEvaluatorCodec} version 2, {@link
 * LabelRequestsCodec} version 1), the learner after its codec's version; still read.
 */
public final class ActiveSessionCodec implements ModelCodec<ActiveSession> {
    private static final long serialVersionUID = 1L;
    private static final PrequentialEvaluatorCodec EVALUATOR = new PrequentialEvaluatorCodec();
    private static final LabelRequestsCodec REQUESTS = new LabelRequestsCodec();
    private static final ActiveLearnerCodec LEARNER = new ActiveLearnerCodec();

    @Override
    public String typeName() {
        return "active-session";
    }

    @Override
    public int currentVersion() {
        return 2;
    }

    @Override
    public void write(ActiveSession model, DataOutput out) throws IOException {
        out.writeLong(model.instances());
        ModelCodecs.ALL.write(model.evaluator(), out);
        ModelCodecs.ALL.write(model.requests(), out);
        ModelCodecs.ALL.write(model.learner(), out);
    }

    @Override
    public ActiveSession read(int version, DataInput in) throws IOException {
        long instances = in.readLong();
        if (version >= 2) {
            PrequentialEvaluator evaluator = ModelCodecs.ALL.read(in, PrequentialEvaluator.class);
            LabelRequests requests = ModelCodecs.ALL.read(in, LabelRequests.class);
            ActiveLearner learner = ModelCodecs.ALL.read(in, ActiveLearner.class);
            return new ActiveSession(learner, requests, evaluator, instances);
        }
        PrequentialEvaluator evaluator = EVALUATOR.read(2, in);
        LabelRequests requests = REQUESTS.read(1, in);
        ActiveLearner learner = LEARNER.read(in.readInt(), in);
        return new ActiveSession(learner, requests, evaluator, instances);
    }
}
