package dev.streamlearn.operators.moa;

import com.yahoo.labs.samoa.instances.Instance;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import moa.classifiers.AbstractClassifier;
import moa.classifiers.bayes.NaiveBayes;
import moa.classifiers.core.attributeclassobservers.AttributeClassObserver;
import moa.classifiers.trees.HoeffdingTree;
import moa.classifiers.trees.HoeffdingTree.ActiveLearningNode;
import moa.classifiers.trees.HoeffdingTree.FoundNode;
import moa.classifiers.trees.HoeffdingTree.LearningNode;
import moa.classifiers.trees.HoeffdingTree.LearningNodeNB;
import moa.classifiers.trees.HoeffdingTree.LearningNodeNBAdaptive;
import moa.classifiers.trees.HoeffdingTree.Node;
import moa.classifiers.trees.HoeffdingTree.SplitNode;
import moa.core.AutoExpandVector;
import moa.core.DoubleVector;
import moa.core.Utils;

/**
 * A MOA Hoeffding tree's vote on an instance, then its learning of that instance, as MOA's {@code
 * getVotesForInstance} and {@code trainOnInstance} take them, without the work the second repeats:
 * the learning starts from the leaf the vote found instead of searching the tree again, and an
 * NB-adaptive leaf that voted with Naive Bayes judges its Naive Bayes prediction with the vote's
 * instead of computing it again (the leaf has not changed in between, and the prediction reads only
 * the attribute values). Every other step is MOA's own, in MOA's order, so the tree ends in the
 * very state MOA's calls leave.
 *
 * <p>Reaches into MOA's protected members through {@link MethodHandles#privateLookupIn}; {@link
 * #AVAILABLE} is false when MOA no longer has them, and then callers use MOA's calls. {@code
 * HoeffdingTreeStepsTest} holds the result to MOA's calls on three streams.
 */
final class HoeffdingTreeSteps {
    private HoeffdingTreeSteps() {}

    /**
     * What a vote found: the votes (not to be changed: they may be the Naive Bayes prediction
     * itself), the leaf search's result and the Naive Bayes prediction if it made one.
     */
    record Vote(double[] votes, FoundNode found, double[] naiveBayes) {}

    private static final VarHandle TREE_ROOT;
    private static final VarHandle ACTIVE_LEAVES;
    private static final VarHandle GROWTH_ALLOWED;
    private static final VarHandle WEIGHT_SEEN_BY_MODEL;
    private static final VarHandle CLASS_DISTRIBUTION;
    private static final VarHandle OBSERVERS;
    private static final VarHandle MC_CORRECT;
    private static final VarHandle NB_CORRECT;
    private static final MethodHandle NEW_LEARNING_NODE;
    private static final MethodHandle ATTEMPT_TO_SPLIT;
    private static final MethodHandle NB_LEAF_LEARNS;

    /** Whether this MOA has the members the steps need. */
    static final boolean AVAILABLE;

    static {
        VarHandle[] v = new VarHandle[8];
        MethodHandle[] m = new MethodHandle[3];
        boolean ok;
        try {
            MethodHandles.Lookup here = MethodHandles.lookup();
            MethodHandles.Lookup tree = MethodHandles.privateLookupIn(HoeffdingTree.class, here);
            MethodHandles.Lookup node = MethodHandles.privateLookupIn(Node.class, here);
            MethodHandles.Lookup nba =
                    MethodHandles.privateLookupIn(LearningNodeNBAdaptive.class, here);
            v[0] = tree.findVarHandle(HoeffdingTree.class, "treeRoot", Node.class);
            v[1] = tree.findVarHandle(HoeffdingTree.class, "activeLeafNodeCount", int.class);
            v[2] = tree.findVarHandle(HoeffdingTree.class, "growthAllowed", boolean.class);
            v[3] =
                    MethodHandles.privateLookupIn(AbstractClassifier.class, here)
                            .findVarHandle(
                                    AbstractClassifier.class,
                                    "trainingWeightSeenByModel",
                                    double.class);
            v[4] = node.findVarHandle(Node.class, "observedClassDistribution", DoubleVector.class);
            v[5] =
                    MethodHandles.privateLookupIn(ActiveLearningNode.class, here)
                            .findVarHandle(
                                    ActiveLearningNode.class,
                                    "attributeObservers",
                                    AutoExpandVector.class);
            v[6] = nba.findVarHandle(LearningNodeNBAdaptive.class, "mcCorrectWeight", double.class);
            v[7] = nba.findVarHandle(LearningNodeNBAdaptive.class, "nbCorrectWeight", double.class);
            m[0] =
                    tree.findVirtual(
                            HoeffdingTree.class,
                            "newLearningNode",
                            MethodType.methodType(LearningNode.class));
            m[1] =
                    tree.findVirtual(
                            HoeffdingTree.class,
                            "attemptToSplit",
                            MethodType.methodType(
                                    void.class,
                                    ActiveLearningNode.class,
                                    SplitNode.class,
                                    int.class));
            // what LearningNodeNBAdaptive.learnFromInstance calls last: super.learnFromInstance
            m[2] =
                    nba.findSpecial(
                            LearningNodeNB.class,
                            "learnFromInstance",
                            MethodType.methodType(void.class, Instance.class, HoeffdingTree.class),
                            LearningNodeNBAdaptive.class);
            ok = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            ok = false;
        }
        TREE_ROOT = v[0];
        ACTIVE_LEAVES = v[1];
        GROWTH_ALLOWED = v[2];
        WEIGHT_SEEN_BY_MODEL = v[3];
        CLASS_DISTRIBUTION = v[4];
        OBSERVERS = v[5];
        MC_CORRECT = v[6];
        NB_CORRECT = v[7];
        NEW_LEARNING_NODE = m[0];
        ATTEMPT_TO_SPLIT = m[1];
        NB_LEAF_LEARNS = m[2];
        AVAILABLE = ok;
    }

    /** Whether the steps apply to {@code learner}: MOA's Hoeffding tree itself, no subclass. */
    static boolean appliesTo(Object learner) {
        return AVAILABLE && learner.getClass() == HoeffdingTree.class;
    }

    /** {@code tree.getVotesForInstance(inst)}, keeping what the learning can reuse. */
    static Vote vote(HoeffdingTree tree, Instance inst) {
        Node root = (Node) TREE_ROOT.get(tree);
        if (root == null) {
            return new Vote(new double[inst.dataset().numClasses()], null, null);
        }
        FoundNode found = root.filterInstanceToLeaf(inst, null, -1);
        Node leaf = found.node != null ? found.node : found.parent;
        if (leaf.getClass() != LearningNodeNBAdaptive.class) {
            return new Vote(leaf.getClassVotes(inst, tree), found, null);
        }
        // LearningNodeNBAdaptive.getClassVotes
        DoubleVector classes = (DoubleVector) CLASS_DISTRIBUTION.get(leaf);
        if ((double) MC_CORRECT.get(leaf) > (double) NB_CORRECT.get(leaf)) {
            return new Vote(classes.getArrayCopy(), found, null);
        }
        double[] nb = naiveBayes(leaf, inst, classes);
        return new Vote(nb, found, nb);
    }

    /**
     * {@code tree.trainOnInstance(inst)} right after {@code vote} was taken on the same attribute
     * values, the tree unchanged in between.
     */
    static void learn(HoeffdingTree tree, Instance inst, Vote vote) {
        if (vote.found() == null) {
            tree.trainOnInstance(inst);
            return;
        }
        // AbstractClassifier.trainOnInstance (the class is never missing here)
        if (!(inst.weight() > 0) || inst.classIsMissing()) {
            return;
        }
        WEIGHT_SEEN_BY_MODEL.set(tree, (double) WEIGHT_SEEN_BY_MODEL.get(tree) + inst.weight());
        // HoeffdingTree.trainOnInstanceImpl, from its leaf search on
        FoundNode found = vote.found();
        Node leafNode = found.node;
        try {
            if (leafNode == null) {
                leafNode = (LearningNode) NEW_LEARNING_NODE.invokeExact(tree);
                found.parent.setChild(found.parentBranch, leafNode);
                ACTIVE_LEAVES.set(tree, (int) ACTIVE_LEAVES.get(tree) + 1);
            }
            if (leafNode instanceof LearningNode learningNode) {
                if (vote.naiveBayes() != null && vote.found().node == leafNode) {
                    learnNaiveBayesAdaptive(learningNode, inst, tree, vote.naiveBayes());
                } else {
                    learningNode.learnFromInstance(inst, tree);
                }
                if ((boolean) GROWTH_ALLOWED.get(tree)
                        && learningNode instanceof ActiveLearningNode active) {
                    double weightSeen = active.getWeightSeen();
                    if (weightSeen - active.getWeightSeenAtLastSplitEvaluation()
                            >= tree.gracePeriodOption.getValue()) {
                        ATTEMPT_TO_SPLIT.invokeExact(
                                tree, active, found.parent, found.parentBranch);
                        active.setWeightSeenAtLastSplitEvaluation(weightSeen);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if ((double) WEIGHT_SEEN_BY_MODEL.get(tree) % tree.memoryEstimatePeriodOption.getValue()
                == 0) {
            tree.estimateModelByteSizes();
        }
    }

    /** LearningNodeNBAdaptive.learnFromInstance with its Naive Bayes prediction given. */
    private static void learnNaiveBayesAdaptive(
            LearningNode leaf, Instance inst, HoeffdingTree tree, double[] naiveBayes)
            throws Throwable {
        int trueClass = (int) inst.classValue();
        if (((DoubleVector) CLASS_DISTRIBUTION.get(leaf)).maxIndex() == trueClass) {
            MC_CORRECT.set(leaf, (double) MC_CORRECT.get(leaf) + inst.weight());
        }
        if (Utils.maxIndex(naiveBayes) == trueClass) {
            NB_CORRECT.set(leaf, (double) NB_CORRECT.get(leaf) + inst.weight());
        }
        NB_LEAF_LEARNS.invokeExact((LearningNodeNBAdaptive) leaf, inst, tree);
    }

    @SuppressWarnings("unchecked")
    private static double[] naiveBayes(Node leaf, Instance inst, DoubleVector classes) {
        return NaiveBayes.doNaiveBayesPrediction(
                inst, classes, (AutoExpandVector<AttributeClassObserver>) OBSERVERS.get(leaf));
    }
}
