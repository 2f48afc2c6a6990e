package dev.streamlearn.operators.moa;

import static org.assertj.core.api.Assertions.assertThat;

import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import dev.streamlearn.operators.driftmoe.DriftMoeConfig;
import dev.streamlearn.operators.streams.DataSets;
import dev.streamlearn.operators.streams.FileStream;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.operators.streams.NamedStreams;
import java.util.Arrays;
import moa.classifiers.trees.HoeffdingTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A MoaClassifier whose Hoeffding tree votes and then learns through {@link HoeffdingTreeSteps}
 * (and copies its leaves' observers through prototypes) is MOA's tree to the byte: against a tree
 * that only MOA's own {@code getVotesForInstance} and {@code trainOnInstance} touch, the same votes
 * on every instance and the same serialized bytes every 1,500 instances, where both reset. Streams
 * with numeric attributes only (SEA_g, RBF_f) and with a nominal one (Electricity); the paper's
 * tree and the eager one; weight 1 and 6; a quarter of the instances learned without a vote before,
 * and some voted on and not learned, as DriftMoE's experts see them.
 */
class HoeffdingTreeStepsTest {

    @Test
    void moaHasWhatTheStepsNeed() {
        assertThat(HoeffdingTreeSteps.AVAILABLE)
                .as("MOA's Hoeffding tree lacks a member that HoeffdingTreeSteps reads")
                .isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "SEA_g, false, 6",
        "RBF_f, true, 6",
        "RBF_f, false, 1",
        "elec, true, 6",
        "elec, false, 1"
    })
    void votesThenLearnsAsMoasOwnCalls(String stream, boolean eager, double weight)
            throws ReflectiveOperationException {
        String cli = eager ? DriftMoeConfig.EAGER_EXPERT : DriftMoeConfig.PAPER_EXPERT;
        try (LabelledStream s =
                stream.equals("elec")
                        ? FileStream.arff(DataSets.ELEC)
                        : MoaGeneratorStream.open(NamedStreams.cli(stream, 1))) {
            MoaClassifier fast = MoaClassifier.create(cli, s.schema());
            fast.fastLeafObserverCopies(true);
            MoaClassifier plain = MoaClassifier.create(cli, s.schema());
            HoeffdingTree moa = tree(plain);
            InstancesHeader header = MoaSchemas.header(s.schema());
            for (int i = 0; i < 9_000 && s.hasNext(); i++) {
                LabelledStream.Example e = s.next();
                Instance query = MoaSchemas.instance(header, e.x(), -1);
                double[] expected = moa.getVotesForInstance(query);
                if (i % 4 != 3) {
                    assertThat(fast.votes(e.x()))
                            .as("instance %d", i)
                            .containsExactly(Arrays.copyOf(expected, s.schema().numClasses()));
                }
                if (i % 7 != 5) {
                    Instance learn = MoaSchemas.instance(header, e.x(), e.y());
                    learn.setWeight(weight);
                    moa.trainOnInstance(learn);
                    fast.learnOne(e.x(), e.y(), weight);
                }
                if (i % 1_500 == 1_499) {
                    assertThat(SerialCopy.serialized(fast))
                            .as("instance %d", i)
                            .isEqualTo(SerialCopy.serialized(plain));
                    fast.reset();
                    moa.resetLearning();
                }
            }
        }
    }

    private static HoeffdingTree tree(MoaClassifier c) throws ReflectiveOperationException {
        var learner = MoaClassifier.class.getDeclaredField("learner");
        learner.setAccessible(true);
        return (HoeffdingTree) learner.get(c);
    }
}
