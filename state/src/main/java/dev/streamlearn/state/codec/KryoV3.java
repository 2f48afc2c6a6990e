package dev.streamlearn.state.codec;

import com.esotericsoftware.kryo.Kryo;
import java.util.List;

/**
 * The Kryo of {@link MoaLearnerCodec} version 3: version 2's (references, no registration required,
 * {@link java.util.Random} in Java serialization), with the classes that MOA's usual learners are
 * made of registered under fixed ids, so that they are written as ids instead of names.
 *
 * <p>The id of a class is {@link #FIRST_ID} plus its index in {@link #CLASSES}, and is part of the
 * format: the list is only ever appended to. A class that this build's MOA lacks keeps its id
 * unused (a learner that holds it could not be read anyway); a class outside the list is written by
 * name, as in version 2.
 */
final class KryoV3 {
    private KryoV3() {}

    /** The id of the first listed class, above Kryo's own default registrations. */
    static final int FIRST_ID = 32;

    /** Registered classes, by name, in id order. Append only. */
    static final List<String> CLASSES =
            List.of(
                    // JDK
                    "java.util.ArrayList",
                    "java.util.LinkedList",
                    "java.util.HashMap",
                    "java.util.ImmutableCollections$List12",
                    "java.util.ImmutableCollections$ListN",
                    "java.util.Random",
                    "[D",
                    "[I",
                    "[J",
                    "[Z",
                    "[Ljava.lang.String;",
                    "[Ljava.lang.Object;",
                    "[[D",
                    // instance headers
                    "com.yahoo.labs.samoa.instances.InstancesHeader",
                    "com.yahoo.labs.samoa.instances.Instances",
                    "com.yahoo.labs.samoa.instances.InstanceInformation",
                    "com.yahoo.labs.samoa.instances.AttributesInformation",
                    "com.yahoo.labs.samoa.instances.Attribute",
                    "[Lcom.yahoo.labs.samoa.instances.Attribute;",
                    "com.yahoo.labs.samoa.instances.Range",
                    // options
                    "com.github.javacliparser.Options",
                    "com.github.javacliparser.FlagOption",
                    "com.github.javacliparser.FloatOption",
                    "com.github.javacliparser.IntOption",
                    "com.github.javacliparser.MultiChoiceOption",
                    "com.github.javacliparser.StringOption",
                    "com.github.javacliparser.ListOption",
                    "com.github.javacliparser.FileOption",
                    "com.github.javacliparser.RangeOption",
                    "com.github.javacliparser.ClassOption",
                    "moa.options.ClassOption",
                    "moa.options.OptionsHandler",
                    // MOA core
                    "moa.core.AutoExpandVector",
                    "moa.core.DoubleVector",
                    "moa.core.GaussianEstimator",
                    // Hoeffding trees
                    "moa.classifiers.trees.HoeffdingTree",
                    "moa.classifiers.trees.HoeffdingTree$SplitNode",
                    "moa.classifiers.trees.HoeffdingTree$ActiveLearningNode",
                    "moa.classifiers.trees.HoeffdingTree$InactiveLearningNode",
                    "moa.classifiers.trees.HoeffdingTree$LearningNodeNB",
                    "moa.classifiers.trees.HoeffdingTree$LearningNodeNBAdaptive",
                    "moa.classifiers.trees.HoeffdingAdaptiveTree",
                    "moa.classifiers.trees.HoeffdingAdaptiveTree$AdaSplitNode",
                    "moa.classifiers.trees.HoeffdingAdaptiveTree$AdaLearningNode",
                    "moa.classifiers.trees.ARFHoeffdingTree",
                    "moa.classifiers.trees.ARFHoeffdingTree$LearningNodeNBAdaptive",
                    "moa.classifiers.trees.EFDT",
                    "moa.classifiers.trees.EFDT$EFDTSplitNode",
                    "moa.classifiers.trees.EFDT$EFDTLearningNode",
                    // their parts
                    "moa.classifiers.core.attributeclassobservers.NullAttributeClassObserver",
                    "moa.classifiers.core.attributeclassobservers.GaussianNumericAttributeClassObserver",
                    "moa.classifiers.core.attributeclassobservers.NominalAttributeClassObserver",
                    "moa.classifiers.core.attributeclassobservers.NumericAttributeClassObserver",
                    "moa.classifiers.core.attributeclassobservers.DiscreteAttributeClassObserver",
                    "moa.classifiers.core.conditionaltests.NumericAttributeBinaryTest",
                    "moa.classifiers.core.conditionaltests.NominalAttributeBinaryTest",
                    "moa.classifiers.core.conditionaltests.NominalAttributeMultiwayTest",
                    "moa.classifiers.core.splitcriteria.SplitCriterion",
                    "moa.classifiers.core.splitcriteria.InfoGainSplitCriterion",
                    "moa.classifiers.core.splitcriteria.GiniSplitCriterion",
                    "moa.classifiers.core.driftdetection.ADWIN",
                    "moa.classifiers.core.driftdetection.ADWIN$List",
                    "moa.classifiers.core.driftdetection.ADWIN$ListItem",
                    "moa.classifiers.core.driftdetection.ADWINChangeDetector",
                    "moa.classifiers.core.driftdetection.ChangeDetector",
                    // other learners
                    "moa.classifiers.bayes.NaiveBayes",
                    "moa.classifiers.meta.AdaptiveRandomForest",
                    "moa.evaluation.BasicClassificationPerformanceEvaluator",
                    "moa.evaluation.BasicClassificationPerformanceEvaluator$BasicEstimator",
                    "[Lmoa.evaluation.BasicClassificationPerformanceEvaluator$Estimator;");

    static Kryo newKryo() {
        Kryo kryo = MoaLearnerCodec.newKryo();
        kryo.register(String.class, new KryoV3Strings()); // keeps String's id
        ClassLoader loader = MoaLearnerCodec.class.getClassLoader();
        for (int i = 0; i < CLASSES.size(); i++) {
            Class<?> type;
            try {
                type = Class.forName(CLASSES.get(i), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue; // not in this build's MOA: the id stays unused
            }
            kryo.register(type, FIRST_ID + i);
        }
        return kryo;
    }
}
