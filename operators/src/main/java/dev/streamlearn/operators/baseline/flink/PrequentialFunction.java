package dev.streamlearn.operators.baseline.flink;

import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.MetricsRecord;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.driftmoe.DriftMoe;
import dev.streamlearn.operators.driftmoe.DriftMoeConfig;
import dev.streamlearn.operators.flink.ClassificationFunction;
import dev.streamlearn.operators.labels.DelayedLabels;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * Flink adapter of {@link PrequentialLearner}: one learner per stream key; every instance yields a
 * prediction, and every {@code metricsEvery} labelled instances a metrics record on {@link
 * #METRICS}. Labels may also come later, as {@link Label} records on the same keyed stream: the
 * learner then evaluates the prediction it made and learns the instance. A label that finds no
 * instance waits for it, bounded; one pushed out goes to {@link #UNMATCHED_LABELS} with the reason.
 */
public final class PrequentialFunction extends ClassificationFunction<PrequentialLearner> {
    private static final long serialVersionUID = 1L;

    /** Side output of the periodic prequential figures. */
    public static final OutputTag<MetricsRecord> METRICS =
            new OutputTag<>("metrics", TypeInformation.of(MetricsRecord.class));

    /** Side output of labels that matched no instance, as dead letters of the labels topic. */
    public static final OutputTag<DeadLetter> UNMATCHED_LABELS =
            new OutputTag<>("unmatched-labels", TypeInformation.of(DeadLetter.class));

    /** The model name in the output records of a MOA learner; DriftMoE's is {@code driftmoe}. */
    public static final String MODEL_NAME = "moa-baseline";

    private final PrequentialConfig config;
    private final String modelName;

    /** A function whose delayed labels, if any, come from the topic {@code labels}. */
    public PrequentialFunction(PrequentialConfig config, SchemaCatalog schemas) {
        this(config, schemas, "labels");
    }

    /**
     * @param labelsTopic the topic of the delayed labels, named in the dead letters of labels that
     *     matched no instance
     */
    public PrequentialFunction(
            PrequentialConfig config, SchemaCatalog schemas, String labelsTopic) {
        super(schemas, labelsTopic);
        this.config = config;
        this.modelName = Classifiers.isDriftMoe(config.learner()) ? config.learner() : MODEL_NAME;
    }

    /**
     * Gauges over the streams of this subtask (the mean and the lowest, or the total): accuracy,
     * kappa, kappa-M, kappa-temporal, window accuracy, instances awaiting a label and labels
     * awaiting an instance; for DriftMoE also the router's loss (mean, highest), the experts reset
     * and the share of instances routed to each expert (or, in MoE-Task, predicted as each class).
     */
    @Override
    protected void declareFigures(Figures<PrequentialLearner> f) {
        f.meanAndLowest("accuracy", l -> l.evaluator().accuracy())
                .meanAndLowest("windowAccuracy", l -> l.evaluator().windowAccuracy())
                .meanAndLowest("kappa", l -> l.evaluator().kappa())
                .meanAndLowest("kappaM", l -> l.evaluator().kappaM())
                .meanAndLowest("kappaTemporal", l -> l.evaluator().kappaTemporal())
                .total("awaitingLabel", l -> l.delayed().pending())
                .total("labelsAwaitingInstance", l -> l.delayed().early())
                .total("unlabelledGivenUp", l -> l.delayed().givenUp());
        if (!Classifiers.isDriftMoe(config.learner())) {
            return;
        }
        f.meanAndHighest("routerLoss", l -> driftMoe(l).lastRouterLoss());
        DriftMoeConfig moe = Classifiers.driftMoe(config.learner());
        if (moe.improvements().driftDelta() > 0) {
            f.total("expertResets", l -> driftMoe(l).expertResets());
        }
        int routes = moe.variant() == DriftMoeConfig.Variant.DATA ? moe.experts() : 0;
        for (int i = 0; i < routes; i++) {
            int expert = i;
            f.mean("routingShare." + i, l -> share(driftMoe(l), expert));
        }
    }

    private static DriftMoe driftMoe(PrequentialLearner learner) {
        return (DriftMoe) learner.classifier();
    }

    private static double share(DriftMoe m, int expert) {
        long[] routed = m.routedCount();
        long total = 0;
        for (long r : routed) {
            total += r;
        }
        return total == 0 || expert >= routed.length ? 0.0 : (double) routed[expert] / total;
    }

    @Override
    public PrequentialLearner createModel(String stream) {
        return PrequentialLearner.create(config, schema(stream));
    }

    @Override
    public long estimatedBytes(PrequentialLearner learner) {
        return learner.estimatedBytes();
    }

    @Override
    protected void onLabel(
            PrequentialLearner learner, Label label, Context<String, Prediction> ctx) {
        List<DelayedLabels.EarlyLabel> unmatched = new ArrayList<>(1);
        if (learner.label(label.id(), label.y(), unmatched)) {
            emitMetricsIfDue(learner, label.stream(), ctx.timestamp(), ctx);
        }
        for (DelayedLabels.EarlyLabel u : unmatched) {
            String why =
                    u.id().equals(label.id())
                            ? "a second label for instance '%s' of stream '%s' arrived before the"
                                    + " instance; the later label is kept, this one dropped"
                            : "no instance '%s' of stream '%s' arrived while "
                                    + config.maxPending()
                                    + " later labels waited for theirs: the instance was never"
                                    + " sent, was labelled already, or came too late; raise"
                                    + " --max-pending if labels run far ahead of instances";
            ctx.output(
                    UNMATCHED_LABELS,
                    labelDeadLetter(
                            ctx.timestamp(),
                            String.format(why, u.id(), label.stream()),
                            label.stream(),
                            u.id(),
                            u.y()));
        }
    }

    @Override
    protected void onInstance(
            PrequentialLearner learner, Instance instance, Context<String, Prediction> ctx) {
        long before = learner.evaluator().count();
        double[] proba = learner.testThenTrain(instance.id(), instance.x(), instance.y());
        ctx.collect(prediction(instance, proba, modelName, learner.version()));
        if (learner.evaluator().count() > before) {
            emitMetricsIfDue(learner, instance.stream(), instance.ts(), ctx);
        }
    }

    private void emitMetricsIfDue(
            PrequentialLearner learner, String stream, long ts, Context<String, Prediction> ctx) {
        if (learner.figuresDue(config.metricsEvery())) {
            var eval = learner.evaluator();
            ctx.output(METRICS, metrics(eval, stream, modelName, ts, learner.instances()));
        }
    }
}
