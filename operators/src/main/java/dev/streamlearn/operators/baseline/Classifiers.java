package dev.streamlearn.operators.baseline;

import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.driftmoe.DriftMoe;
import dev.streamlearn.operators.driftmoe.DriftMoeConfig;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.moa.MoaClassifier;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;

/**
 * The classifiers a prequential job can host, by name: {@code driftmoe-data} and {@code
 * driftmoe-task} (DriftMoE's two variants, the paper's configuration), {@code driftmoe-improved}
 * (MoE-Data with every improvement, {@link DriftMoeConfig#improved()}), MoE-Data with chosen
 * improvements ({@code driftmoe-data+standardise+vote+reset+eager+batch32+weight6+wide+dropout},
 * any subset: see {@link DriftMoeConfig.Improvements}, {@link DriftMoeConfig#EAGER_EXPERT} and
 * {@link DriftMoeConfig#IMPROVED_BATCH}), or any MOA classifier in MOA's CLI form; and their
 * nested, versioned encodings.
 */
public final class Classifiers {
    /** DriftMoE's variants by name. */
    public static final List<String> DRIFTMOE =
            List.of("driftmoe-data", "driftmoe-task", "driftmoe-improved");

    /** The improvements that can follow {@code driftmoe-data+}. */
    public static final List<String> IMPROVEMENTS =
            List.of(
                    "standardise",
                    "vote",
                    "reset",
                    "eager",
                    "batch32",
                    "weight6",
                    "wide",
                    "dropout");

    private Classifiers() {}

    /** Whether {@code spec} names a DriftMoE ({@code driftmoe...}); otherwise it is MOA's. */
    public static boolean isDriftMoe(String spec) {
        return spec.startsWith("driftmoe");
    }

    /**
     * The DriftMoE configuration a name stands for (see the class comment).
     *
     * @throws IllegalArgumentException for a {@code driftmoe} name this build does not know
     */
    public static DriftMoeConfig driftMoe(String spec) {
        if (spec.equals("driftmoe-task")) {
            return DriftMoeConfig.task();
        }
        if (spec.equals("driftmoe-improved")) {
            return DriftMoeConfig.improved();
        }
        String[] parts = spec.split("\\+");
        if (!parts[0].equals("driftmoe-data")) {
            throw new IllegalArgumentException(
                    "unknown DriftMoE learner '"
                            + spec
                            + "'; choose from "
                            + DRIFTMOE
                            + " or driftmoe-data+<improvements> with improvements from "
                            + IMPROVEMENTS);
        }
        boolean standardise = false;
        boolean vote = false;
        double delta = 0;
        double weight = 1;
        boolean dropout = false;
        String expert = DriftMoeConfig.PAPER_EXPERT;
        int batch = DriftMoeConfig.data().batchSize();
        int experts = DriftMoeConfig.data().experts();
        int topK = DriftMoeConfig.data().topK();
        for (int i = 1; i < parts.length; i++) {
            switch (parts[i]) {
                case "standardise" -> standardise = true;
                case "vote" -> vote = true;
                case "reset" -> delta = DriftMoeConfig.Improvements.ALL.driftDelta();
                case "eager" -> expert = DriftMoeConfig.EAGER_EXPERT;
                case "batch32" -> batch = DriftMoeConfig.IMPROVED_BATCH;
                case "weight6" -> weight = DriftMoeConfig.Improvements.ALL.trainWeight();
                case "dropout" -> dropout = true;
                case "wide" -> {
                    experts = DriftMoeConfig.IMPROVED_EXPERTS;
                    topK = DriftMoeConfig.IMPROVED_TOP_K;
                }
                default ->
                        throw new IllegalArgumentException(
                                "unknown improvement '"
                                        + parts[i]
                                        + "' in '"
                                        + spec
                                        + "'; choose from "
                                        + IMPROVEMENTS);
            }
        }
        return DriftMoeConfig.data()
                .withExpert(expert)
                .withBatchSize(batch)
                .withExperts(experts, topK)
                .withImprovements(
                        new DriftMoeConfig.Improvements(standardise, vote, delta, weight, dropout));
    }

    /** A fresh classifier for {@code schema}; {@code seed} seeds DriftMoE's router. */
    public static OnlineClassifier create(String spec, StreamSchema schema, long seed) {
        return isDriftMoe(spec)
                ? DriftMoe.create(driftMoe(spec).withSeed(seed), schema)
                : MoaClassifier.create(spec, schema);
    }

    /**
     * Reads a classifier as the learners' codecs wrote it before the codec registry (prequential
     * learner versions 2 and 3, active learner version 1): a family name, then a DriftMoE's
     * length-prefixed envelope or a MOA classifier's nested form.
     */
    public static OnlineClassifier readByFamily(DataInput in) throws IOException {
        String family = in.readUTF();
        return switch (family) {
            case "driftmoe" -> {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                yield ModelCodecs.ALL.codecFor(DriftMoe.class).decode(bytes);
            }
            case "moa" -> ModelCodecs.ALL.codecFor(MoaClassifier.class).readVersioned(in);
            default ->
                    throw new IllegalStateException(
                            "state holds a classifier of family '"
                                    + family
                                    + "', which this build does not know; upgrade Streamlearn");
        };
    }

    /** Reads the classifier of a version 1 learner: MOA, in Java serialization. */
    static OnlineClassifier readLegacy(int version, DataInput in) throws IOException {
        return ModelCodecs.ALL.codecFor(MoaClassifier.class).read(version, in);
    }
}
