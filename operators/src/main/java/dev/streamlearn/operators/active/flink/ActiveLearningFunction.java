package dev.streamlearn.operators.active.flink;

import dev.streamlearn.connectors.records.ActiveMetricsRecord;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.LabelRequest;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.active.ActiveLearner;
import dev.streamlearn.operators.active.ActiveOperatorConfig;
import dev.streamlearn.operators.active.ActiveSession;
import dev.streamlearn.operators.flink.ClassificationFunction;
import dev.streamlearn.operators.labels.LabelRequests;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.OutputTag;

/**
 * Flink adapter of {@link ActiveSession}: one active learner per stream key. Every instance yields
 * a prediction; an instance whose label the learner wants (the budget is charged then) yields a
 * {@link LabelRequest} on {@link #LABEL_REQUESTS}, with a deadline of the instance's timestamp plus
 * the configured wait, and an event-time timer there. A {@link Label} on the same keyed input that
 * answers an open request teaches the model; one that comes after the deadline (late), a second
 * answer (duplicate) or an answer to nothing requested (unknown) is counted and goes to {@link
 * #REJECTED_LABELS} with the reason. When the watermark passes a deadline the request expires.
 * Every {@code metricsEvery} instances an {@link ActiveMetricsRecord} goes to {@link #METRICS}.
 */
public final class ActiveLearningFunction extends ClassificationFunction<ActiveSession> {
    private static final long serialVersionUID = 1L;

    /** Side output of the label requests. */
    public static final OutputTag<LabelRequest> LABEL_REQUESTS =
            new OutputTag<>("label-requests", TypeInformation.of(LabelRequest.class));

    /** Side output of the periodic figures. */
    public static final OutputTag<ActiveMetricsRecord> METRICS =
            new OutputTag<>("active-metrics", TypeInformation.of(ActiveMetricsRecord.class));

    /** Side output of late, duplicate and unknown labels, as dead letters of the labels topic. */
    public static final OutputTag<DeadLetter> REJECTED_LABELS =
            new OutputTag<>("rejected-labels", TypeInformation.of(DeadLetter.class));

    private final ActiveOperatorConfig config;
    private final String modelName;

    /**
     * @param labelsTopic the labels topic, named in the dead letters of rejected labels
     */
    public ActiveLearningFunction(
            ActiveOperatorConfig config, SchemaCatalog schemas, String labelsTopic) {
        super(schemas, labelsTopic);
        this.config = config;
        this.modelName = config.modelName();
    }

    /**
     * Gauges over the streams of this subtask: accuracy and window accuracy (mean, lowest); labels
     * requested, received, expired, late, duplicate, unknown and awaiting (totals); the spent ratio
     * (mean, highest) and the budget; the guard against a learner that stopped working: the streams
     * at or below their own majority class over the window ({@code atOrBelowMajority}, a count),
     * the window accuracy minus the majority class's share ({@code marginOverMajority}, mean and
     * lowest) and the drifts detected (total, and the most of one stream).
     */
    @Override
    protected void declareFigures(Figures<ActiveSession> f) {
        f.meanAndLowest("accuracy", s -> s.evaluator().accuracy())
                .meanAndLowest("windowAccuracy", s -> s.evaluator().windowAccuracy())
                .total("labelsRequested", s -> s.learner().requested())
                .total("labelsReceived", s -> s.requests().received())
                .total("labelsExpired", s -> s.requests().expired())
                .total("labelsLate", s -> s.requests().late())
                .total("labelsDuplicate", s -> s.requests().duplicate())
                .total("labelsUnknown", s -> s.requests().unknown())
                .total("labelsAwaiting", s -> s.requests().awaiting())
                .meanAndHighest("spentRatio", s -> s.learner().spentRatio())
                .total("atOrBelowMajority", s -> s.atOrBelowMajority() ? 1 : 0)
                .meanAndLowest("marginOverMajority", ActiveSession::marginOverMajority)
                .total("driftsDetected", s -> s.learner().driftsDetected())
                .meanAndHighest("driftsDetectedPerStream", s -> s.learner().driftsDetected());
    }

    @Override
    public void open(MetricGroup metrics) {
        super.open(metrics);
        metrics.gauge("budget", () -> config.active().budget().budget());
    }

    @Override
    public ActiveSession createModel(String stream) {
        return ActiveSession.create(config, schema(stream));
    }

    @Override
    public long estimatedBytes(ActiveSession session) {
        return session.estimatedBytes();
    }

    @Override
    protected void onInstance(
            ActiveSession session, Instance instance, Context<String, Prediction> ctx) {
        long deadline = deadline(instance.ts());
        long version = session.learner().learned();
        ActiveLearner.Query q =
                session.instance(instance.id(), instance.x(), instance.y(), deadline);
        ctx.collect(prediction(instance, q.proba(), modelName, version));
        if (q.requested()) {
            ctx.output(
                    LABEL_REQUESTS,
                    new LabelRequest(
                            instance.stream(),
                            instance.id(),
                            instance.ts(),
                            deadline,
                            classes(instance.stream()),
                            q.proba(),
                            q.utility(),
                            modelName,
                            version));
            ctx.registerEventTimeTimer(deadline);
        }
        if (session.instances() % config.metricsEvery() == 0) {
            ctx.output(METRICS, metrics(session, instance.stream(), instance.ts()));
        }
    }

    private long deadline(long ts) {
        long wait = config.deadline().toMillis();
        return ts > Long.MAX_VALUE - wait ? Long.MAX_VALUE : ts + wait;
    }

    @Override
    protected void onLabel(ActiveSession session, Label label, Context<String, Prediction> ctx) {
        LabelRequests.Outcome outcome = session.label(label.id(), label.y());
        String why =
                switch (outcome) {
                    case MATCHED -> null;
                    case LATE ->
                            "late label for instance '%s' of stream '%s': its request expired"
                                    + " when the watermark passed its deadline ("
                                    + config.deadline()
                                    + " after the instance); raise --label-deadline if"
                                    + " annotators need longer";
                    case DUPLICATE ->
                            "duplicate label for instance '%s' of stream '%s': its request was"
                                    + " answered and learned already; this one is dropped";
                    case UNKNOWN ->
                            "unknown label for instance '%s' of stream '%s': no label was"
                                    + " requested for it (or its request closed too long ago to"
                                    + " be remembered); only requested labels are learned";
                };
        if (why != null) {
            ctx.output(
                    REJECTED_LABELS,
                    labelDeadLetter(
                            ctx.timestamp(),
                            String.format(why, label.id(), label.stream()),
                            label.stream(),
                            label.id(),
                            label.y()));
        }
    }

    @Override
    public void onTimer(
            ActiveSession session,
            long timestamp,
            TimeDomain domain,
            Context<String, Prediction> ctx) {
        if (domain == TimeDomain.EVENT_TIME) {
            session.expire(timestamp);
            observed(ctx.key(), session);
        }
    }

    private ActiveMetricsRecord metrics(ActiveSession s, String stream, long ts) {
        var eval = s.evaluator();
        LabelRequests r = s.requests();
        return new ActiveMetricsRecord(
                metrics(eval, stream, modelName, ts, s.instances()),
                config.active().budget().budget(),
                s.learner().spentRatio(),
                s.learner().requested(),
                r.received(),
                r.expired(),
                r.late(),
                r.duplicate(),
                r.unknown(),
                r.awaiting(),
                eval.windowFull()
                        ? new ActiveMetricsRecord.Health(
                                eval.windowMajorityShare(),
                                s.atOrBelowMajority(),
                                s.learner().driftsDetected())
                        : null);
    }
}
