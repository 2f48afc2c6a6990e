package dev.streamlearn.operators.moa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.driftmoe.DriftMoeConfig;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.operators.streams.NamedStreams;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.Map;
import moa.classifiers.core.attributeclassobservers.GaussianNumericAttributeClassObserver;
import moa.classifiers.core.attributeclassobservers.NominalAttributeClassObserver;
import moa.classifiers.trees.HoeffdingTree;
import org.junit.jupiter.api.Test;

/**
 * Guards the reflection into MOA: a tree's prepared observers are where {@link
 * LeafObserverPrototypes} looks for them, they are MOA's Gaussian and nominal observers, and their
 * copies are planned (no bytes read back) and made as MOA's copy makes them, field by field.
 */
class LeafObserverPrototypesTest {

    @Test
    void preparedObserversArePlannedAndCopiedAsMoaCopiesThem() throws Exception {
        HoeffdingTree tree = trainedTree();
        Map<String, Object> prepared = LeafObserverPrototypes.preparedObjects(tree);
        assertThat(prepared).as("MOA keeps a tree's prepared options elsewhere").isNotNull();
        Object numeric = prepared.get(tree.numericEstimatorOption.getName());
        Object nominal = prepared.get(tree.nominalEstimatorOption.getName());
        assertThat(numeric).isExactlyInstanceOf(GaussianNumericAttributeClassObserver.class);
        assertThat(nominal).isExactlyInstanceOf(NominalAttributeClassObserver.class);
        for (Object observer : new Object[] {numeric, nominal}) {
            SerialCopy copies = SerialCopy.of((Serializable) observer);
            assertThat(copies.planned())
                    .as("MOA's %s serializes in a way plans do not cover", observer.getClass())
                    .isTrue();
            SerialCopyTest.assertSameAsSerialization((Serializable) observer, copies);
        }

        assertThat(LeafObserverPrototypes.install(tree)).isTrue();
        assertThat(prepared.get(tree.numericEstimatorOption.getName()))
                .isInstanceOf(GaussianObserverPrototype.class);
        assertThat(prepared.get(tree.nominalEstimatorOption.getName()))
                .isInstanceOf(NominalObserverPrototype.class);
        LeafObserverPrototypes.uninstall(tree);
        assertThat(prepared.get(tree.numericEstimatorOption.getName())).isSameAs(numeric);
        assertThat(prepared.get(tree.nominalEstimatorOption.getName())).isSameAs(nominal);
    }

    /** A tree of MoaClassifier's, after its first instance (when it prepares its options). */
    private static HoeffdingTree trainedTree() throws ReflectiveOperationException {
        try (LabelledStream s = MoaGeneratorStream.open(NamedStreams.cli("SEA_g", 1))) {
            MoaClassifier c = MoaClassifier.create(DriftMoeConfig.EAGER_EXPERT, s.schema());
            LabelledStream.Example e = s.next();
            c.learnOne(e.x(), e.y());
            Field learner = MoaClassifier.class.getDeclaredField("learner");
            learner.setAccessible(true);
            return (HoeffdingTree) learner.get(c);
        }
    }
}
