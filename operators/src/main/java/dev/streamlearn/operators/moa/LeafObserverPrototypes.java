package dev.streamlearn.operators.moa;

import com.github.javacliparser.JavaCLIParser;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Function;
import moa.classifiers.core.attributeclassobservers.GaussianNumericAttributeClassObserver;
import moa.classifiers.core.attributeclassobservers.NominalAttributeClassObserver;
import moa.classifiers.trees.HoeffdingTree;
import moa.options.AbstractOptionHandler;
import moa.options.ClassOption;

/**
 * The attribute observers that a MOA Hoeffding tree copies for every new leaf and attribute,
 * replaced by prototypes whose copies are made without Java serialization's streams ({@link
 * SerialCopy}). MOA's {@code HoeffdingTree.newNumericClassObserver} and {@code
 * newNominalClassObserver} copy the tree's prepared observer with {@code copy()}, which writes it
 * with Java serialization and reads it back: about 40% of the improved DriftMoE's time on
 * Electricity. A prototype's copies are the very object graphs MOA's copies are, and a prototype is
 * invisible to the model's state: Java serialization writes it as the MOA observer it stands for
 * ({@code writeReplace}), and {@link #uninstall} puts MOA's back for writers that copy fields
 * (Kryo).
 *
 * <p>Reaches into MOA's internals by reflection (the prepared option objects of javacliparser's
 * {@code JavaCLIParser}); {@code LeafObserverPrototypesTest} fails if MOA keeps them elsewhere.
 */
final class LeafObserverPrototypes {
    private LeafObserverPrototypes() {}

    /** A prototype in place of MOA's observer. */
    interface Prototype {
        /** MOA's own observer, which the prototype copies. */
        Object moa();
    }

    /**
     * Puts prototypes in place of {@code tree}'s prepared observers that are MOA's Gaussian and
     * nominal observers; leaves any other observer as it is. A tree prepares its options when it
     * makes its first leaf: before that there is nothing to replace.
     *
     * @return whether the tree is prepared and a prototype is in place
     */
    static boolean install(HoeffdingTree tree) {
        Map<String, Object> prepared = preparedObjects(tree);
        if (prepared == null) {
            // not prepared before its first leaf, and preparing it now would change its bytes
            return false;
        }
        boolean numeric =
                replace(
                        prepared,
                        tree.numericEstimatorOption,
                        GaussianNumericAttributeClassObserver.class,
                        o ->
                                new GaussianObserverPrototype(
                                        (GaussianNumericAttributeClassObserver) o));
        boolean nominal =
                replace(
                        prepared,
                        tree.nominalEstimatorOption,
                        NominalAttributeClassObserver.class,
                        o -> new NominalObserverPrototype((NominalAttributeClassObserver) o));
        return numeric || nominal;
    }

    /**
     * Puts MOA's own observers back into {@code tree}, for writers that do not honour {@code
     * writeReplace} (Kryo in the model codecs).
     */
    static void uninstall(HoeffdingTree tree) {
        Map<String, Object> prepared = preparedObjects(tree);
        if (prepared == null) {
            return;
        }
        for (ClassOption option :
                new ClassOption[] {tree.numericEstimatorOption, tree.nominalEstimatorOption}) {
            if (prepared.get(option.getName()) instanceof Prototype p) {
                prepared.put(option.getName(), p.moa());
            }
        }
    }

    private static boolean replace(
            Map<String, Object> prepared,
            ClassOption option,
            Class<?> moaClass,
            Function<Object, Prototype> prototype) {
        Object current = prepared.get(option.getName());
        if (current instanceof Prototype) {
            return true;
        }
        if (current == null || current.getClass() != moaClass) {
            return false;
        }
        prepared.put(option.getName(), prototype.apply(current));
        return true;
    }

    /** The tree's prepared option objects by option name, null before its first use. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> preparedObjects(HoeffdingTree tree) {
        try {
            Field config = AbstractOptionHandler.class.getDeclaredField("config");
            config.setAccessible(true);
            Object handler = config.get(tree);
            Field map = JavaCLIParser.class.getDeclaredField("classOptionNamesToPreparedObjects");
            map.setAccessible(true);
            return (Map<String, Object>) map.get(handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "this MOA version keeps a tree's prepared options elsewhere: " + e, e);
        }
    }
}
