package dev.streamlearn.operators.moa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.driftmoe.DriftMoeConfig;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.operators.streams.NamedStreams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Hoeffding tree whose leaves get their observers by construction learns, predicts and serializes
 * exactly as MOA's own, which copies them by Java serialization: the same votes on every instance
 * of RBF_f (10 numeric attributes, many leaves with eager splits and weight 6), and the same bytes
 * after each reset.
 */
class LeafObserverCopiesTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void treeWithThePrototypeIsMoasTreeToTheByte(boolean eager) {
        String cli = eager ? DriftMoeConfig.EAGER_EXPERT : DriftMoeConfig.PAPER_EXPERT;
        try (LabelledStream s = MoaGeneratorStream.open(NamedStreams.cli("RBF_f", 1))) {
            MoaClassifier moa = MoaClassifier.create(cli, s.schema());
            MoaClassifier fast = MoaClassifier.create(cli, s.schema());
            // no prototype before the first leaf: the fast copies start with the first instance
            assertThat(fast.fastLeafObserverCopies(true)).isFalse();
            for (int i = 0; i < 6_000; i++) {
                LabelledStream.Example e = s.next();
                assertThat(fast.votes(e.x())).containsExactly(moa.votes(e.x()));
                moa.learnOne(e.x(), e.y(), 6);
                fast.learnOne(e.x(), e.y(), 6);
                if (i == 0) {
                    assertThat(fast.fastLeafObserverCopies(true)).isTrue();
                }
                if (i % 2_000 == 1_999) {
                    assertThat(SerialCopy.serialized(fast)).isEqualTo(SerialCopy.serialized(moa));
                    moa.reset();
                    fast.reset();
                }
            }
        }
    }
}
