package dev.streamlearn.operators.driftmoe;

import dev.streamlearn.connectors.schema.Attribute;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.eval.PrequentialEvaluator;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.LabelledStream.Example;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import java.util.ArrayList;
import java.util.List;

/** Streams, schemas and prequential runs shared by the DriftMoE tests. */
final class DriftMoeFixtures {
    static final String SEA = "generators.SEAGenerator -i 1";
    static final String LED = "generators.LEDGenerator -i 1";

    private DriftMoeFixtures() {}

    /** A labelled stream read into memory: its schema and its first instances. */
    record Sample(StreamSchema schema, List<Example> examples) {}

    static Sample take(String streamCli, int n) {
        try (LabelledStream stream = MoaGeneratorStream.open(streamCli)) {
            List<Example> out = new ArrayList<>(n);
            for (int i = 0; i < n && stream.hasNext(); i++) {
                out.add(stream.next());
            }
            return new Sample(stream.schema(), out);
        }
    }

    /** A schema of {@code attributes} numeric attributes and {@code classes} classes. */
    static StreamSchema numericSchema(int attributes, int classes) {
        List<Attribute> attrs = new ArrayList<>();
        for (int i = 0; i < attributes; i++) {
            attrs.add(Attribute.numeric("a" + i));
        }
        List<String> values = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            values.add("c" + c);
        }
        return new StreamSchema("handmade", attrs, values);
    }

    /**
     * Prequential accuracy as the paper's evaluator counts it: the class of each {@link
     * DriftMoe#predictThenLearn} step's probabilities against the true class.
     */
    static PrequentialEvaluator prequential(DriftMoe model, LabelledStream stream, long limit) {
        PrequentialEvaluator eval = new PrequentialEvaluator(model.numClasses(), 1000);
        for (long i = 0; i < limit && stream.hasNext(); i++) {
            Example e = stream.next();
            eval.add(OnlineClassifier.argMax(model.predictThenLearn(e.x(), e.y())), e.y());
        }
        return eval;
    }
}
