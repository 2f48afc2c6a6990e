package dev.streamlearn.operators.moa;

import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import dev.streamlearn.connectors.schema.StreamSchema;
import dev.streamlearn.operators.learner.OnlineClassifier;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import moa.classifiers.Classifier;
import moa.classifiers.drift.DriftDetectionMethodClassifier;
import moa.classifiers.trees.HoeffdingTree;
import moa.options.ClassOption;

/**
 * Any MOA classifier as an {@link OnlineClassifier}, created from MOA's command-line form.
 *
 * <pre>{@code
 * OnlineClassifier ht = MoaClassifier.create("trees.HoeffdingTree -g 50", schema);
 * OnlineClassifier nb = MoaClassifier.create("bayes.NaiveBayes", schema);
 * }</pre>
 */
public final class MoaClassifier implements OnlineClassifier, Serializable {
    private static final long serialVersionUID = 1L;

    private final Classifier learner;
    private final InstancesHeader header;
    private final int numClasses;

    /** Fast observer copies were asked for but the tree had no prototype yet; not state. */
    private transient boolean fastCopiesPending;

    /**
     * The Hoeffding tree's last vote and its attribute values, until it learns or resets: learning
     * the same values next reuses what the vote found ({@link HoeffdingTreeSteps}); not state.
     */
    private transient HoeffdingTreeSteps.Vote lastVote;

    private transient double[] lastVoteX;

    private MoaClassifier(Classifier learner, InstancesHeader header, int numClasses) {
        this.learner = learner;
        this.header = header;
        this.numClasses = numClasses;
    }

    /**
     * Creates a learner from a MOA CLI string such as {@code "trees.HoeffdingTree -g 50"} (class
     * names relative to {@code moa.classifiers}).
     *
     * @throws IllegalArgumentException when MOA cannot build the learner, with MOA's reason
     */
    public static MoaClassifier create(String cli, StreamSchema schema) {
        return create(cli, schema, -1);
    }

    /**
     * The same, with MOA's random seed set when the learner is randomizable ({@code seed >= 0}; a
     * negative seed keeps the learner's own default).
     */
    public static MoaClassifier create(String cli, StreamSchema schema, long seed) {
        final Classifier learner;
        try {
            learner = (Classifier) ClassOption.cliStringToObject(cli, Classifier.class, null);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    String.format(
                            "MOA cannot build the learner '%s': %s; give a MOA classifier such"
                                    + " as \"trees.HoeffdingTree\" or \"bayes.NaiveBayes\"",
                            cli, e.getMessage()),
                    e);
        }
        InstancesHeader header = MoaSchemas.header(schema);
        if (seed >= 0 && learner.isRandomizable()) {
            learner.setRandomSeed((int) seed);
        }
        learner.setModelContext(header);
        learner.prepareForUse();
        learner.resetLearning();
        return new MoaClassifier(learner, header, schema.numClasses());
    }

    /**
     * When the learner is a MOA Hoeffding tree with Gaussian numeric or nominal observers, {@code
     * true} makes the copies of its new leaves' observers without Java serialization's streams
     * (MOA's copy writes and reads each), the same objects to the byte ({@link SerialCopy}); {@code
     * false} puts MOA's prototypes back, as a writer that copies the learner's fields (Kryo) must
     * see it. Not part of the state: turn it on again on a restored learner.
     *
     * <p>A tree that has not made its first leaf has no prototype yet: then the fast copies start
     * with the first instance it learns.
     *
     * @return whether the tree's leaves now get their observers the fast way
     */
    public boolean fastLeafObserverCopies(boolean on) {
        if (!(learner instanceof HoeffdingTree tree)) {
            return false;
        }
        if (!on) {
            fastCopiesPending = false;
            LeafObserverPrototypes.uninstall(tree);
            return false;
        }
        fastCopiesPending = !LeafObserverPrototypes.install(tree);
        return !fastCopiesPending;
    }

    /** Forgets everything learned: the learner is as freshly created (MOA's resetLearning). */
    public void reset() {
        lastVote = null;
        lastVoteX = null;
        learner.resetLearning();
    }

    /** MOA's resetLearning. */
    @Override
    public boolean resetLearning() {
        reset();
        return true;
    }

    /** Whether MOA's drift detection wrapper (e.g. SingleClassifierDrift) signalled a change. */
    @Override
    public boolean changeDetected() {
        return learner instanceof DriftDetectionMethodClassifier d && d.isChangeDetected();
    }

    @Override
    public void learnOne(double[] x, int y) {
        train(MoaSchemas.instance(header, x, y), x);
    }

    /** Learns {@code (x, y)} with an instance weight (as online bagging's Poisson weights). */
    public void learnOne(double[] x, int y, double weight) {
        Instance inst = MoaSchemas.instance(header, x, y);
        inst.setWeight(weight);
        train(inst, x);
    }

    private void train(Instance inst, double[] x) {
        HoeffdingTreeSteps.Vote vote = lastVote;
        boolean sameValues = vote != null && Arrays.equals(x, lastVoteX);
        lastVote = null;
        lastVoteX = null;
        if (sameValues) {
            HoeffdingTreeSteps.learn((HoeffdingTree) learner, inst, vote);
        } else {
            learner.trainOnInstance(inst);
        }
        if (fastCopiesPending) {
            fastLeafObserverCopies(true);
        }
    }

    /**
     * The learner's raw votes for {@code x} (not normalised), zero-padded or cut to {@link
     * #numClasses()}: an untrained MOA tree votes nothing, which reads as all zeros. A Hoeffding
     * tree keeps what its vote found, for learning the same {@code x} next without searching the
     * tree again.
     */
    public double[] votes(double[] x) {
        Instance inst = MoaSchemas.instance(header, x, -1);
        double[] votes;
        if (HoeffdingTreeSteps.appliesTo(learner)) {
            lastVote = HoeffdingTreeSteps.vote((HoeffdingTree) learner, inst);
            lastVoteX = x.clone();
            votes = lastVote.votes();
        } else {
            votes = learner.getVotesForInstance(inst);
        }
        return Arrays.copyOf(votes == null ? new double[0] : votes, numClasses);
    }

    @Override
    public double[] predictProbaOne(double[] x) {
        return normalised(votes(x));
    }

    /**
     * Uniform when MOA's vote vector has at most one entry (the learner has seen class 0 at most,
     * e.g. a drift detector's fresh learner), as MOA's {@code ALUncertainty} reads it: the
     * predicted class stays class 0.
     */
    @Override
    public double[] predictProbaForQuery(double[] x) {
        double[] raw = learner.getVotesForInstance(MoaSchemas.instance(header, x, -1));
        if (raw == null || raw.length <= 1) {
            double[] uniform = new double[numClasses];
            Arrays.fill(uniform, 1.0 / numClasses);
            return uniform;
        }
        return normalised(Arrays.copyOf(raw, numClasses));
    }

    private double[] normalised(double[] p) {
        double sum = 0;
        for (int i = 0; i < numClasses; i++) {
            p[i] = Double.isFinite(p[i]) && p[i] > 0 ? p[i] : 0;
            sum += p[i];
        }
        if (sum <= 0) {
            Arrays.fill(p, 1.0 / numClasses);
        } else {
            for (int i = 0; i < numClasses; i++) {
                p[i] /= sum;
            }
        }
        return p;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public long estimatedBytes() {
        long measured = learner.measureByteSize();
        // MOA measures through the sizeofag Java agent; without it (the usual case) every object
        // counts as -1, so fall back to the size of the learner's serialized form.
        return measured > 0 ? measured : serializedSize(learner);
    }

    private static long serializedSize(Serializable object) {
        final long[] count = new long[1];
        OutputStream counter =
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        count[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        count[0] += len;
                    }
                };
        try (ObjectOutputStream out = new ObjectOutputStream(counter)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure the size of a MOA learner", e);
        }
        return count[0];
    }
}
