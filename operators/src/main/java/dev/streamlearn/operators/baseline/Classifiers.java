package dev.streamlearn.operators.baseline;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.driftmoe.DriftMoe;
import dev.streamlearn.operators.driftmoe.DriftMoeCodec;
import dev.streamlearn.operators.driftmoe.DriftMoeConfig;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.moa.MoaClassifier;
import dev.streamlearn.state.codec.MoaLearnerCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The classifiers a prequential job can host, by name: {@code driftmoe-data} and {@code
 * driftmoe-task} (DriftMoE's two variants, the paper's configuration), or any MOA classifier in
 * MOA's CLI form; and their nested, versioned encodings.
 */
public final class Classifiers {
    /** DriftMoE's variants by name. */
    public static final List<String> DRIFTMOE = List.of("driftmoe-data", "driftmoe-task");

    private static final MoaLearnerCodec<MoaClassifier> MOA =
            new MoaLearnerCodec<>(MoaClassifier.class);
    private static final DriftMoeCodec DRIFT_MOE = new DriftMoeCodec();

    private Classifiers() {}

    /** The model family: {@code "driftmoe"} or {@code "moa"}. */
    public static String family(String spec) {
        return DRIFTMOE.contains(spec) ? "driftmoe" : "moa";
    }

    /** A fresh classifier for {@code schema}; {@code seed} seeds DriftMoE's router. */
    public static OnlineClassifier create(String spec, StreamSchema schema, long seed) {
        return switch (spec) {
            case "driftmoe-data" -> DriftMoe.create(DriftMoeConfig.data().withSeed(seed), schema);
            case "driftmoe-task" -> DriftMoe.create(DriftMoeConfig.task().withSeed(seed), schema);
            default -> MoaClassifier.create(spec, schema);
        };
    }

    /** Writes the family, then the classifier in its own versioned form. */
    static void write(OnlineClassifier classifier, DataOutput out) throws IOException {
        if (classifier instanceof DriftMoe moe) {
            out.writeUTF("driftmoe");
            byte[] bytes = DRIFT_MOE.encode(moe);
            out.writeInt(bytes.length);
            out.write(bytes);
        } else if (classifier instanceof MoaClassifier moa) {
            out.writeUTF("moa");
            MOA.writeNested(moa, out);
        } else {
            throw new IllegalArgumentException(
                    "no codec for classifier " + classifier.getClass().getName());
        }
    }

    /** Reads what {@link #write} wrote. */
    static OnlineClassifier read(DataInput in) throws IOException {
        String family = in.readUTF();
        return switch (family) {
            case "driftmoe" -> {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                yield DRIFT_MOE.decode(bytes);
            }
            case "moa" -> MOA.readNested(in);
            default ->
                    throw new IllegalStateException(
                            "state holds a classifier of family '"
                                    + family
                                    + "', which this build does not know; upgrade Streamlearn");
        };
    }

    /** Reads the classifier of a version 1 learner: MOA, in Java serialization. */
    static OnlineClassifier readLegacy(int version, DataInput in) throws IOException {
        return MOA.read(version, in);
    }
}
