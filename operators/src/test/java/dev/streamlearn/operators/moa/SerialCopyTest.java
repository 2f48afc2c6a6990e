package dev.streamlearn.operators.moa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import moa.core.AutoExpandVector;
import moa.core.SerializeUtils;
import org.junit.jupiter.api.Test;

/**
 * A {@link SerialCopy} makes what Java serialization's write then read makes, to every field of
 * every object, JDK internals included (an ArrayList's array, a LinkedList's nodes), and with the
 * same sharing within a copy, between copies and with the prototype: the oracle is {@code
 * SerializeUtils.copyObject}, MOA's copy.
 */
class SerialCopyTest {

    enum Colour {
        RED
    }

    static class Base implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        int count = 7;

        Base(String name) {
            this.name = name;
        }
    }

    static class Graph extends Base {
        private static final long serialVersionUID = 1L;
        final String alias;
        double[] values = {1.5, -0.0, Double.NaN};
        Object[] mixed;
        transient Object scratch = new Object();
        transient int cached = 3;
        Graph self = this;
        Colour colour = Colour.RED;
        Class<?> type = String.class;
        final AutoExpandVector<Object> list = new AutoExpandVector<>();
        final ArrayList<Object> empty = new ArrayList<>();
        final LinkedList<Object> linked = new LinkedList<>();

        Graph(String name) {
            super(name);
            this.alias = name;
            this.mixed = new Object[] {name, values, null, new StringBuilder("not planned")};
            list.add(values);
            list.add(null);
            list.add(name);
            linked.add(alias);
            linked.add(new double[] {2});
        }
    }

    static class Custom extends Base {
        private static final long serialVersionUID = 1L;

        Custom() {
            super(new String("custom"));
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
        }
    }

    @Test
    void copiesAGraphAsSerializationDoes() throws Exception {
        Graph g = new Graph(new String("shared"));
        g.mixed[3] = "planned instead";
        SerialCopy copies = SerialCopy.of(g);
        assertThat(copies.planned()).isTrue();
        assertSameAsSerialization(g, copies);
    }

    @Test
    void fallsBackToReadingBytesWhereThePlanCannotGo() throws Exception {
        Graph g = new Graph("with a StringBuilder");
        SerialCopy copies = SerialCopy.of(g);
        assertThat(copies.planned()).isFalse();
        assertSameAsSerialization(g, copies);

        SerialCopy custom = SerialCopy.of(new Custom());
        assertThat(custom.planned()).isFalse();
        assertSameAsSerialization(new Custom(), custom);
    }

    /** Two copies and the prototype, against two of MOA's copies and the prototype. */
    static void assertSameAsSerialization(Serializable prototype, SerialCopy copies)
            throws Exception {
        List<Object> ours = List.of(prototype, copies.copy(), copies.copy());
        List<Object> moas =
                List.of(
                        prototype,
                        SerializeUtils.copyObject(prototype),
                        SerializeUtils.copyObject(prototype));
        assertIsomorphic(ours, moas);
    }

    /**
     * Both graphs have the same shape: a one-to-one map between their objects under which every
     * field of every object is equal (bits of floating-point values), strings equal by content,
     * enum constants and classes the same objects.
     */
    static void assertIsomorphic(Object a, Object b) throws IllegalAccessException {
        Map<Object, Object> forward = new IdentityHashMap<>();
        Map<Object, Object> backward = new IdentityHashMap<>();
        List<Object[]> todo = new ArrayList<>();
        todo.add(new Object[] {a, b, "root"});
        while (!todo.isEmpty()) {
            Object[] pair = todo.remove(todo.size() - 1);
            Object x = pair[0];
            Object y = pair[1];
            String path = (String) pair[2];
            if (x == null || y == null) {
                assertThat(y).as(path).isSameAs(x);
                continue;
            }
            assertThat(y.getClass()).as(path).isEqualTo(x.getClass());
            if (forward.containsKey(x) || backward.containsKey(y)) {
                assertThat(forward.get(x)).as(path + " shared as in the other").isSameAs(y);
                continue;
            }
            forward.put(x, y);
            backward.put(y, x);
            if (x instanceof Enum<?> || x instanceof Class<?> || x instanceof TimeUnit) {
                assertThat(y).as(path).isSameAs(x);
            } else if (x instanceof String) {
                assertThat(y).as(path).isEqualTo(x);
            } else if (x.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(x); i++) {
                    compare(
                            Array.get(x, i),
                            Array.get(y, i),
                            x.getClass().getComponentType(),
                            path + "[" + i + "]",
                            todo);
                }
                assertThat(Array.getLength(y)).as(path + " length").isEqualTo(Array.getLength(x));
            } else {
                for (Class<?> k = x.getClass(); k != null; k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers())) {
                            f.setAccessible(true);
                            compare(
                                    f.get(x),
                                    f.get(y),
                                    f.getType(),
                                    path + "." + f.getName(),
                                    todo);
                        }
                    }
                }
            }
        }
        if (forward.isEmpty()) {
            fail("nothing compared");
        }
    }

    private static void compare(
            Object x, Object y, Class<?> type, String path, List<Object[]> todo) {
        if (type.isPrimitive()) {
            assertThat(y).as(path).isEqualTo(x);
        } else {
            todo.add(new Object[] {x, y, path});
        }
    }
}
