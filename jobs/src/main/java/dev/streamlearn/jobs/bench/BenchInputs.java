package dev.streamlearn.jobs.bench;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.operators.streams.NamedStreams;
import dev.streamlearn.operators.streams.Streams;

/** The streams and classifiers of every benchmark, by the names the bench commands take. */
public final class BenchInputs {
    private BenchInputs() {}

    /**
     * Opens a stream: one of the DriftMoE paper's named streams ({@code SEA_g}, ...) with run seed
     * {@code seed}, a data set that ships with Streamlearn ({@code elec}), an .arff or .csv file,
     * or a MOA stream CLI string.
     */
    public static LabelledStream stream(String spec, long seed) {
        if (NamedStreams.isNamed(spec)) {
            return MoaGeneratorStream.open(NamedStreams.cli(spec, seed));
        }
        return Streams.open(spec, null);
    }

    /** A classifier with run seed {@code seed}: a DriftMoE name or a MOA classifier CLI string. */
    public static OnlineClassifier classifier(String spec, StreamSchema schema, long seed) {
        return Classifiers.isDriftMoe(spec)
                ? Classifiers.create(spec, schema, seed)
                : MoaClassifier.create(spec, schema, seed);
    }
}
