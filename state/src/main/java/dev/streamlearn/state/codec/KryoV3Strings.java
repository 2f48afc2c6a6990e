package dev.streamlearn.state.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The strings of {@link MoaLearnerCodec} version 3: a string equal to an entry of {@link #TABLE} is
 * written as its index, any other in full. The table holds the constant texts of MOA's usual
 * learners' options (names, descriptions, choices, default CLI strings), which every learner
 * carries in its option objects and which were half the bytes of a small Hoeffding tree.
 *
 * <p>The table is part of the format and is only ever appended to. A string read from the table is
 * a new instance (sharing the table's characters): strings keep version 2's references, so a
 * learner read back has the same shape as the one written, down to which equal strings are one
 * object, and encodes to the same bytes again. It was collected from MOA 2024.07.0's HoeffdingTree,
 * HoeffdingAdaptiveTree, EFDT, NaiveBayes, AdaptiveRandomForest, OzaBag and LeveragingBag; a text
 * that a later MOA changes is simply written in full.
 */
final class KryoV3Strings extends Serializer<String> {

    /** Entry {@code i} is written as {@code i + 1}; 0 introduces a string written in full. */
    static final List<String> TABLE =
            List.of(
                    "binarySplits",
                    "Only allow binary splits.",
                    "maxByteSize",
                    "Maximum memory consumed by the tree.",
                    "numBins",
                    "The number of bins.",
                    "GaussianNumericAttributeClassObserver",
                    "numericEstimator",
                    "Numeric estimator to use.",
                    "NominalAttributeClassObserver",
                    "nominalEstimator",
                    "Nominal estimator to use.",
                    "memoryEstimatePeriod",
                    "How many instances between memory consumption checks.",
                    "gracePeriod",
                    "The number of instances a leaf should observe between split attempts.",
                    "minBranchFrac",
                    "Minimum fraction of weight required down at least two branches.",
                    "InfoGainSplitCriterion",
                    "splitCriterion",
                    "Split criterion to use.",
                    "splitConfidence",
                    "The allowable error in split decision, values closer to 0 will take longer to decide.",
                    "tieThreshold",
                    "Threshold below which a split will be forced to break ties.",
                    "stopMemManagement",
                    "Stop growing as soon as memory limit is hit.",
                    "removePoorAtts",
                    "Disable poor attributes.",
                    "noPrePrune",
                    "Disable pre-pruning.",
                    "leafprediction",
                    "Majority class",
                    "Naive Bayes",
                    "Naive Bayes Adaptive",
                    "MC",
                    "NB",
                    "NBAdaptive",
                    "Leaf prediction to use.",
                    "nbThreshold",
                    "The number of instances a leaf should observe before permitting Naive Bayes.",
                    "reevaluationPeriod",
                    "The number of instances an internal node should observe between re-evaluation attempts.",
                    "subspaceSizeSize",
                    "Number of features per subset for each node split.",
                    "randomSeed",
                    "Seed for random behaviour of the classifier.",
                    "ARFHoeffdingTree -e 2000000 -g 50 -c 0.01",
                    "treeLearner",
                    "Random Forest Tree.",
                    "ensembleSize",
                    "The number of trees.",
                    "mFeaturesMode",
                    "SpecifiedM",
                    "SqrtM1",
                    "MSqrtM1",
                    "Percentage",
                    "Specified m (integer value)",
                    "sqrt(M)+1",
                    "M-(sqrt(M)+1)",
                    "Percentage (M * (m / 100))",
                    "Defines how m, defined by mFeaturesPerTreeSize, is interpreted. M represents the total number of features.",
                    "mFeaturesPerTreeSize",
                    "Number of features allowed considered for each split. Negative values corresponds to M - m",
                    "lambda",
                    "The lambda parameter for bagging.",
                    "numberOfJobs",
                    "Total number of concurrent jobs used for processing (-1 = as much as possible, 0 = do not use multithreading)",
                    "deltaAdwin",
                    "Delta of Adwin change detection",
                    "ADWINChangeDetector -a 1.0E-3",
                    "driftDetectionMethod",
                    "Change detector for drifts and its parameters",
                    "ADWINChangeDetector -a 1.0E-2",
                    "warningDetectionMethod",
                    "Change detector for warnings (start training bkg learner)",
                    "disableWeightedVote",
                    "Should use weighted voting?",
                    "disableDriftDetection",
                    "Should use drift detection? If disabled then bkg learner is also disabled",
                    "disableBackgroundLearner",
                    "Should use bkg learner? If disabled then reset tree immediately.",
                    "f1PerClass",
                    "Report F1 per class.",
                    "precisionPerClass",
                    "Report precision per class.",
                    "precisionRecallOutput",
                    "Outputs average precision, recall and F1 scores.",
                    "recallPerClass",
                    "Report recall per class.",
                    "trees.HoeffdingTree",
                    "baseLearner",
                    "Classifier to train.",
                    "The number of models in the bag.",
                    "weightShrink",
                    "The number to use to compute the weight of new instances.",
                    "outputCodes",
                    "Use Output Codes to use binary classifiers.",
                    "leveraginBagAlgorithm",
                    "Leveraging Bagging for evolving data streams using ADWIN",
                    "Leveraging Bagging ME using weight 1 if misclassified, otherwise error/(1-error)",
                    "Leveraging Bagging Half using resampling without replacement half of the instances",
                    "Leveraging Bagging WT without taking out all instances.",
                    "Leveraging Subagging using resampling without replacement.",
                    "LeveragingBag",
                    "LeveragingBagME",
                    "LeveragingBagHalf",
                    "LeveragingBagWT",
                    "LeveragingSubag",
                    "Leveraging Bagging to use.");

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < TABLE.size(); i++) {
            INDEX.putIfAbsent(TABLE.get(i), i + 1);
        }
    }

    KryoV3Strings() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, String value) {
        Integer entry = INDEX.get(value);
        if (entry != null) {
            output.writeVarInt(entry, true);
        } else {
            output.writeVarInt(0, true);
            output.writeString(value);
        }
    }

    @Override
    public String read(Kryo kryo, Input input, Class<? extends String> type) {
        int entry = input.readVarInt(true);
        if (entry == 0) {
            return input.readString();
        }
        if (entry > TABLE.size()) {
            throw new KryoException(
                    "string table entry "
                            + entry
                            + " is unknown to this build (it has "
                            + TABLE.size()
                            + ")");
        }
        return new String(TABLE.get(entry - 1));
    }
}
