package dev.streamlearn.operators.baseline;

import dev.streamlearn.connectors.records.Instance;
import dev.streamlearn.connectors.records.MetricsRecord;
import dev.streamlearn.connectors.records.Prediction;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.state.keyed.KeyedModelFunction;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * Flink adapter of {@link PrequentialLearner}: one learner per stream key; every instance yields a
 * prediction, and every {@code metricsEvery} labelled instances a metrics record on {@link
 * #METRICS}.
 */
public final class PrequentialFunction
        implements KeyedModelFunction<String, Instance, Prediction, PrequentialLearner> {
    private static final long serialVersionUID = 1L;

    /** Side output of the periodic prequential figures. */
    public static final OutputTag<MetricsRecord> METRICS =
            new OutputTag<>("metrics", TypeInformation.of(MetricsRecord.class));

    public static final String MODEL_NAME = "moa-baseline";

    private final PrequentialConfig config;
    private final SchemaCatalog schemas;
    private transient Map<String, String[]> classesByStream;

    public PrequentialFunction(PrequentialConfig config, SchemaCatalog schemas) {
        this.config = config;
        this.schemas = schemas;
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
            PrequentialLearner learner, Instance instance, Context<String, Prediction> ctx) {
        double[] proba = learner.testThenTrain(instance.x(), instance.y());
        String[] classes = classes(instance.stream());
        ctx.collect(
                new Prediction(
                        instance.stream(),
                        instance.id(),
                        instance.ts(),
                        classes[OnlineClassifier.argMax(proba)],
                        classes,
                        proba,
                        MODEL_NAME,
                        learner.version()));
        if (instance.isLabelled() && learner.figuresDue(config.metricsEvery())) {
            var eval = learner.evaluator();
            ctx.output(
                    METRICS,
                    new MetricsRecord(
                            instance.stream(),
                            MODEL_NAME,
                            instance.ts(),
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
