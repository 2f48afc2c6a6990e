package dev.streamlearn.operators.moa;

import com.github.javacliparser.JavaCLIParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.Map;
import moa.classifiers.core.attributeclassobservers.GaussianNumericAttributeClassObserver;
import moa.classifiers.trees.HoeffdingTree;
import moa.options.AbstractOptionHandler;
import moa.options.OptionHandler;

/**
 * The numeric attribute observer that a MOA Hoeffding tree copies for every new leaf and numeric
 * attribute. MOA copies it through Java serialization each time, writing and then reading it back,
 * which took about 40% of the improved DriftMoE's time on Electricity (JFR); this prototype writes
 * it once and only reads the bytes back for each copy, so every copy is the very object graph MOA's
 * copy makes (fresh strings included, which a copy by construction would share and so serialize
 * differently). Invisible to the model's state: in a tree's serialized form it is written as the
 * plain observer it stands for ({@code writeReplace}).
 */
final class GaussianObserverPrototype extends GaussianNumericAttributeClassObserver {
    private static final long serialVersionUID = 1L;

    private final transient GaussianNumericAttributeClassObserver moa;
    private final transient byte[] bytes;

    private GaussianObserverPrototype(GaussianNumericAttributeClassObserver moa) {
        this.moa = moa;
        this.bytes = serialized(moa);
    }

    @Override
    public OptionHandler copy() {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (OptionHandler) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy a numeric attribute observer", e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Written as MOA's own prototype, so that the tree's bytes are those MOA writes. */
    private Object writeReplace() {
        return moa;
    }

    /**
     * Puts MOA's own prototype back into {@code tree}, for writers that do not honour {@code
     * writeReplace} (Kryo in the model codecs).
     */
    static void uninstall(HoeffdingTree tree) {
        Map<String, Object> prepared = preparedObjects(tree);
        String name = tree.numericEstimatorOption.getName();
        if (prepared != null && prepared.get(name) instanceof GaussianObserverPrototype p) {
            prepared.put(name, p.moa);
        }
    }

    /**
     * Puts a prototype in place of {@code tree}'s prepared numeric observer when that is MOA's
     * Gaussian observer; else leaves the tree as it is. A tree prepares its options when it makes
     * its first leaf: before that there is nothing to replace.
     *
     * @return whether the prototype is in place
     */
    static boolean install(HoeffdingTree tree) {
        Map<String, Object> prepared = preparedObjects(tree);
        if (prepared == null) {
            // not prepared before its first leaf, and preparing it now would change its bytes
            return false;
        }
        String name = tree.numericEstimatorOption.getName();
        Object current = prepared.get(name);
        if (current instanceof GaussianObserverPrototype) {
            return true;
        }
        if (current == null || current.getClass() != GaussianNumericAttributeClassObserver.class) {
            return false;
        }
        prepared.put(
                name,
                new GaussianObserverPrototype((GaussianNumericAttributeClassObserver) current));
        return true;
    }

    /** The tree's prepared option objects by option name, null before its first use. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> preparedObjects(HoeffdingTree tree) {
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

    static byte[] serialized(Serializable object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
