package dev.streamlearn.operators.flink;

import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.DeadLetter;
import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.InstanceOrLabel;
import dev.streamlearn.connectors.records.Label;
import dev.streamlearn.connectors.records.MetricsRecord;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.learner.OnlineClassifier;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The base of the adapters that classify instances per stream key and take labels on the same keyed
 * stream (the prequential and the active-learning functions): schemas and class names per stream,
 * the dead letter of a label that cannot be learned, and the prequential metrics record.
 */
public abstract class ClassificationFunction<M>
        extends ModelFunction<InstanceOrLabel, Prediction, M> {
    private static final long serialVersionUID = 1L;

    private final SchemaCatalog schemas;
    private final String labelsTopic;

    /** Per schema, not per stream: keys come and go, schemas stay few. */
    private transient Map<StreamSchema, String[]> classesBySchema;

    /**
     * @param labelsTopic the topic of the delayed labels, named in the dead letters of labels that
     *     cannot be learned
     */
    protected ClassificationFunction(SchemaCatalog schemas, String labelsTopic) {
        this.schemas = schemas;
        this.labelsTopic = labelsTopic;
    }

    @Override
    protected String keysName() {
        return "streams";
    }

    /** An instance: predicted, and learned or kept for its label. */
    protected abstract void onInstance(M model, Instance instance, Context<String, Prediction> ctx);

    /** A label of an instance that came without one. */
    protected abstract void onLabel(M model, Label label, Context<String, Prediction> ctx);

    @Override
    public final void processElement(M model, InstanceOrLabel in, Context<String, Prediction> ctx) {
        if (in.label() != null) {
            onLabel(model, in.label(), ctx);
        } else {
            onInstance(model, in.instance(), ctx);
        }
        observed(ctx.key(), model);
    }

    /** The schema of a stream that the parser let through. */
    protected final StreamSchema schema(String stream) {
        return schemas.forStream(stream)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "no schema for stream '" + stream + "' after parsing"));
    }

    /** The class names of a stream, by class index. */
    protected final String[] classes(String stream) {
        if (classesBySchema == null) {
            classesBySchema = new IdentityHashMap<>();
        }
        return classesBySchema.computeIfAbsent(
                schema(stream), s -> s.classValues().toArray(String[]::new));
    }

    /**
     * The prediction of an instance: the most probable class by name, the class names and the
     * probabilities, under {@code model} at model version {@code version}.
     */
    protected final Prediction prediction(
            Instance instance, double[] proba, String model, long version) {
        String[] classes = classes(instance.stream());
        return new Prediction(
                instance.stream(),
                instance.id(),
                instance.ts(),
                classes[OnlineClassifier.argMax(proba)],
                classes,
                proba,
                model,
                version);
    }

    /** A label of {@code stream} that is not learned, as a dead letter of the labels topic. */
    protected final DeadLetter labelDeadLetter(
            long ts, String why, String stream, String id, int y) {
        return new DeadLetter(
                labelsTopic, -1, -1, ts, why, RecordJson.label(stream, id, classes(stream)[y]));
    }

    /** The prequential figures of a stream's evaluator, as a metrics record. */
    protected static MetricsRecord metrics(
            PrequentialEvaluator eval, String stream, String model, long ts, long instances) {
        return new MetricsRecord(
                stream,
                model,
                ts,
                instances,
                eval.count(),
                eval.accuracy(),
                eval.windowAccuracy(),
                eval.kappa(),
                eval.kappaM(),
                eval.kappaTemporal());
    }
}
