package dev.streamlearn.operators.baseline.flink;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.MetricsRecord;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.driftmoe.DriftMoe;
import dev.streamlearn.operators.driftmoe.DriftMoeConfig;
import dev.streamlearn.operators.labels.DelayedLabels;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.state.keyed.KeyedModelFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

/**
 * Flink adapter of {@link PrequentialLearner}: one learner per stream key; every instance yields a
 * prediction, and every {@code metricsEvery} labelled instances a metrics record on {@link
 * #METRICS}. Labels may also come later, as {@link Label} records on the same keyed stream: the
 * learner then evaluates the prediction it made and learns the instance. A label that finds no
 * instance waits for it, bounded; one pushed out goes to {@link #UNMATCHED_LABELS} with the reason.
 */
public final class PrequentialFunction
        implements KeyedModelFunction<String, InstanceOrLabel, Prediction, PrequentialLearner> {
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
    private final SchemaCatalog schemas;
    private transient Map<String, String[]> classesByStream;
    private transient PrequentialLearner last;

    private final String modelName;
    private final String labelsTopic;

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
        this.config = config;
        this.schemas = schemas;
        this.labelsTopic = labelsTopic;
        this.modelName =
                Classifiers.family(config.learner()).equals("driftmoe")
                        ? config.learner()
                        : MODEL_NAME;
    }

    /**
     * Gauges of the model used last (one stream of this subtask): accuracy, kappa, kappa-M,
     * kappa-temporal, window accuracy; for DriftMoE also the router's loss and the share of
     * instances routed to each expert (or, in MoE-Task, predicted as each class).
     */
    @Override
    public void open(MetricGroup metrics) {
        metrics.gauge("accuracy", () -> last == null ? 0.0 : last.evaluator().accuracy());
        metrics.gauge(
                "windowAccuracy", () -> last == null ? 0.0 : last.evaluator().windowAccuracy());
        metrics.gauge("kappa", () -> last == null ? 0.0 : last.evaluator().kappa());
        metrics.gauge("kappaM", () -> last == null ? 0.0 : last.evaluator().kappaM());
        metrics.gauge("kappaTemporal", () -> last == null ? 0.0 : last.evaluator().kappaTemporal());
        metrics.gauge("awaitingLabel", () -> last == null ? 0 : last.delayed().pending());
        metrics.gauge("labelsAwaitingInstance", () -> last == null ? 0 : last.delayed().early());
        metrics.gauge("unlabelledGivenUp", () -> last == null ? 0L : last.delayed().givenUp());
        if (Classifiers.family(config.learner()).equals("driftmoe")) {
            metrics.gauge("routerLoss", () -> driftMoe().map(DriftMoe::lastRouterLoss).orElse(0.0));
            DriftMoeConfig moe = Classifiers.driftMoe(config.learner());
            int routes = moe.variant() == DriftMoeConfig.Variant.DATA ? moe.experts() : 0;
            if (moe.improvements().driftDelta() > 0) {
                metrics.gauge(
                        "expertResets", () -> driftMoe().map(DriftMoe::expertResets).orElse(0L));
            }
            for (int i = 0; i < routes; i++) {
                int expert = i;
                metrics.gauge(
                        "routingShare." + i,
                        () -> driftMoe().map(m -> share(m, expert)).orElse(0.0));
            }
        }
    }

    private java.util.Optional<DriftMoe> driftMoe() {
        PrequentialLearner l = last;
        return l != null && l.classifier() instanceof DriftMoe m
                ? java.util.Optional.of(m)
                : java.util.Optional.empty();
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
    public void processElement(
            PrequentialLearner learner, InstanceOrLabel in, Context<String, Prediction> ctx) {
        last = learner;
        if (in.label() != null) {
            onLabel(learner, in.label(), ctx);
        } else {
            onInstance(learner, in.instance(), ctx);
        }
    }

    private void onLabel(PrequentialLearner learner, Label label, Context<String, Prediction> ctx) {
        List<DelayedLabels.EarlyLabel> unmatched = new ArrayList<>(1);
        if (learner.label(label.id(), label.y(), unmatched)) {
            emitMetricsIfDue(learner, label.stream(), ctx.timestamp(), ctx);
        }
        String[] classes = classes(label.stream());
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
                    new DeadLetter(
                            labelsTopic,
                            -1,
                            -1,
                            ctx.timestamp(),
                            String.format(why, u.id(), label.stream()),
                            RecordJson.label(label.stream(), u.id(), classes[u.y()])));
        }
    }

    private void onInstance(
            PrequentialLearner learner, Instance instance, Context<String, Prediction> ctx) {
        long before = learner.evaluator().count();
        double[] proba = learner.testThenTrain(instance.id(), instance.x(), instance.y());
        String[] classes = classes(instance.stream());
        ctx.collect(
                new Prediction(
                        instance.stream(),
                        instance.id(),
                        instance.ts(),
                        classes[OnlineClassifier.argMax(proba)],
                        classes,
                        proba,
                        modelName,
                        learner.version()));
        if (learner.evaluator().count() > before) {
            emitMetricsIfDue(learner, instance.stream(), instance.ts(), ctx);
        }
    }

    private void emitMetricsIfDue(
            PrequentialLearner learner, String stream, long ts, Context<String, Prediction> ctx) {
        if (learner.figuresDue(config.metricsEvery())) {
            var eval = learner.evaluator();
            ctx.output(
                    METRICS,
                    new MetricsRecord(
                            stream,
                            modelName,
                            ts,
                            learner.instances(),
                            eval.count(),
                            eval.accuracy(),
                            eval.windowAccuracy(),
                            eval.kappa(),
                            eval.kappaM(),
                            eval.kappaTemporal()));
        }
    }

    private String[] classes(String stream) {
        if (classesByStream == null) {
            classesByStream = new HashMap<>();
        }
        return classesByStream.computeIfAbsent(
                stream, s -> schema(s).classValues().toArray(String[]::new));
    }

    private StreamSchema schema(String stream) {
        return schemas.forStream(stream)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "no schema for stream '" + stream + "' after parsing"));
    }
}
