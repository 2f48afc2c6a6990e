package dev.streamlearn.operators.moa;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Copies of one object as Java serialization makes them when it writes the object and reads it back
 * (MOA's {@code copy()}), without the streams: every copy is a fresh object graph with the
 * prototype's values and the prototype's sharing of objects within the graph, strings included;
 * enum constants and classes are shared, as serialization shares them; transient fields hold what
 * serialization leaves in them.
 *
 * <p>The graph is read once, into a plan. Plans cover the classes whose serialization is the
 * default (no {@code readObject}, {@code writeObject}, {@code readResolve}, {@code writeReplace},
 * no {@code serialPersistentFields}, not {@code Externalizable}), strings, arrays, enums, {@code
 * ArrayList} and its subclasses (its {@code readObject} emulated, which needs {@code java.util}
 * open to this code, as the project's JVM flags open it) and {@code LinkedList}. For any other
 * graph, or when the plan's copy does not serialize to the prototype's bytes (checked once), every
 * copy reads the prototype's serialized bytes back instead, which is still half of MOA's copy.
 */
final class SerialCopy {
    private final byte[] bytes;

    /** Null when the graph is outside what plans cover: then copies read {@link #bytes} back. */
    private final Node[] plan;

    private SerialCopy(byte[] bytes, Node[] plan) {
        this.bytes = bytes;
        this.plan = plan;
    }

    /** Copies of {@code prototype} as it is now (later changes to it are not seen). */
    static SerialCopy of(Serializable prototype) {
        byte[] bytes = serialized(prototype);
        Node[] plan = Planner.plan(prototype);
        if (plan != null && !Arrays.equals(serialized((Serializable) make(plan)), bytes)) {
            plan = null;
        }
        return new SerialCopy(bytes, plan);
    }

    /** Whether copies are made from the plan rather than by reading bytes back. */
    boolean planned() {
        return plan != null;
    }

    /** A fresh copy of the prototype. */
    Object copy() {
        return plan != null ? make(plan) : read(bytes);
    }

    private static Object make(Node[] plan) {
        Object[] made = new Object[plan.length];
        for (int i = 0; i < plan.length; i++) {
            made[i] = plan[i].allocate();
        }
        for (int i = 0; i < plan.length; i++) {
            plan[i].fill(made[i], made);
        }
        return made[0];
    }

    static byte[] serialized(Serializable object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + object.getClass().getName(), e);
        }
        return out.toByteArray();
    }

    private static Object read(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a serialized copy back", e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A reference from one planned object to another: an index into the objects made for the copy,
     * or, when {@code index < 0}, {@code constant} itself (null, an enum constant, a class).
     */
    private record Ref(int index, Object constant) {
        Object resolve(Object[] made) {
            return index >= 0 ? made[index] : constant;
        }
    }

    /** One object of the graph: how to allocate it, then how to fill it in. */
    private interface Node {
        Object allocate();

        default void fill(Object target, Object[] made) {}
    }

    private record StringNode(char[] chars) implements Node {
        @Override
        public Object allocate() {
            return new String(chars);
        }
    }

    private record PrimitiveArrayNode(Object array) implements Node {
        @Override
        public Object allocate() {
            int n = Array.getLength(array);
            Object copy = Array.newInstance(array.getClass().getComponentType(), n);
            System.arraycopy(array, 0, copy, 0, n);
            return copy;
        }
    }

    private record ObjectArrayNode(Class<?> component, Ref[] elements) implements Node {
        @Override
        public Object allocate() {
            return Array.newInstance(component, elements.length);
        }

        @Override
        public void fill(Object target, Object[] made) {
            Object[] array = (Object[]) target;
            for (int i = 0; i < elements.length; i++) {
                array[i] = elements[i].resolve(made);
            }
        }
    }

    /** A primitive field's value or a reference field's target. */
    private record FieldValue(Field field, Object primitive, Ref ref) {
        void set(Object target, Object[] made) throws IllegalAccessException {
            field.set(target, ref == null ? primitive : ref.resolve(made));
        }
    }

    /**
     * An object of a serializable class, allocated as serialization allocates it (the no-argument
     * constructor of its first non-serializable superclass runs), its serializable fields set; an
     * {@code ArrayList} also gets the elements its {@code readObject} would read.
     */
    private record ObjectNode(Constructor<?> constructor, FieldValue[] fields, Ref[] listElements)
            implements Node {
        @Override
        public Object allocate() {
            try {
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot allocate a copy's object", e);
            }
        }

        @Override
        public void fill(Object target, Object[] made) {
            try {
                for (FieldValue f : fields) {
                    f.set(target, made);
                }
                if (listElements != null) {
                    ArrayListFields.fill(target, listElements, made);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot fill a copy's object", e);
            }
        }
    }

    /** A {@code LinkedList} as its {@code readObject} builds it: appended element by element. */
    private record LinkedListNode(Ref[] elements) implements Node {
        @Override
        public Object allocate() {
            return new LinkedList<>();
        }

        @Override
        @SuppressWarnings("unchecked")
        public void fill(Object target, Object[] made) {
            for (Ref e : elements) {
                ((LinkedList<Object>) target).add(e.resolve(made));
            }
        }
    }

    /** {@code ArrayList}'s own fields, which its {@code readObject} sets. */
    private static final class ArrayListFields {
        private static final Field ELEMENT_DATA;
        private static final Object EMPTY;

        static {
            Field data = null;
            Object empty = null;
            try {
                data = ArrayList.class.getDeclaredField("elementData");
                data.setAccessible(true);
                Field e = ArrayList.class.getDeclaredField("EMPTY_ELEMENTDATA");
                e.setAccessible(true);
                empty = e.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // java.util is not open to this code: plans leave lists out
                data = null;
            }
            ELEMENT_DATA = data;
            EMPTY = empty;
        }

        static boolean available() {
            return ELEMENT_DATA != null;
        }

        /** As ArrayList.readObject: an array of exactly the elements, or the shared empty one. */
        static void fill(Object list, Ref[] elements, Object[] made) throws IllegalAccessException {
            Object[] data = new Object[elements.length];
            for (int i = 0; i < data.length; i++) {
                data[i] = elements[i].resolve(made);
            }
            ELEMENT_DATA.set(list, data.length == 0 ? EMPTY : data);
        }
    }

    /** Reads a prototype's graph into a plan; null when the graph is outside what plans cover. */
    private static final class Planner {
        private final Map<Object, Integer> index = new IdentityHashMap<>();
        private final List<Object> objects = new ArrayList<>();

        static Node[] plan(Object prototype) {
            Planner p = new Planner();
            try {
                p.ref(prototype);
                List<Node> plan = new ArrayList<>();
                // planning an object numbers the objects it refers to: the list grows
                for (int i = 0; i < p.objects.size(); i++) {
                    plan.add(p.node(p.objects.get(i)));
                }
                return plan.toArray(new Node[0]);
            } catch (Unsupported | ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** A reference to {@code o}, numbering it (and so planning it) when it is new. */
        private Ref ref(Object o) {
            if (o == null || o instanceof Enum<?> || o instanceof Class<?>) {
                return new Ref(-1, o);
            }
            Integer i = index.get(o);
            if (i == null) {
                i = objects.size();
                index.put(o, i);
                objects.add(o);
            }
            return new Ref(i, null);
        }

        private Ref[] refs(Iterable<?> elements, int n) {
            Ref[] refs = new Ref[n];
            int i = 0;
            for (Object e : elements) {
                refs[i++] = ref(e);
            }
            return refs;
        }

        private Node node(Object o) throws Unsupported, ReflectiveOperationException {
            Class<?> c = o.getClass();
            if (c == String.class) {
                return new StringNode(((String) o).toCharArray());
            }
            if (c.isArray()) {
                if (c.getComponentType().isPrimitive()) {
                    return new PrimitiveArrayNode(new PrimitiveArrayNode(o).allocate());
                }
                return new ObjectArrayNode(
                        c.getComponentType(),
                        refs(Arrays.asList((Object[]) o), Array.getLength(o)));
            }
            if (c == LinkedList.class) {
                return new LinkedListNode(refs((LinkedList<?>) o, ((LinkedList<?>) o).size()));
            }
            boolean list = o instanceof ArrayList<?>;
            if (list && !ArrayListFields.available()) {
                throw new Unsupported();
            }
            List<FieldValue> fields = new ArrayList<>();
            // the serializable part of the class, down from the class itself; ArrayList's own
            // part is emulated
            for (Class<?> k = c;
                    Serializable.class.isAssignableFrom(k) && k != ArrayList.class;
                    k = k.getSuperclass()) {
                if (!defaultSerialization(k)) {
                    throw new Unsupported();
                }
                for (Field f : k.getDeclaredFields()) {
                    if (serialized(f)) {
                        fields.add(fieldValue(f, o));
                    }
                }
            }
            if (list) {
                // ArrayList's only serialized field: its size
                fields.add(fieldValue(ArrayList.class.getDeclaredField("size"), o));
            }
            Ref[] elements = list ? refs((ArrayList<?>) o, ((ArrayList<?>) o).size()) : null;
            return new ObjectNode(
                    serializationConstructor(c), fields.toArray(new FieldValue[0]), elements);
        }

        private FieldValue fieldValue(Field f, Object o) throws ReflectiveOperationException {
            f.setAccessible(true);
            Object value = f.get(o);
            return f.getType().isPrimitive()
                    ? new FieldValue(f, value, null)
                    : new FieldValue(f, null, ref(value));
        }

        private static boolean serialized(Field f) {
            int m = f.getModifiers();
            return !Modifier.isStatic(m) && !Modifier.isTransient(m);
        }

        /** A serializable class outside the JDK whose instances serialize field by field. */
        private static boolean defaultSerialization(Class<?> k) {
            if (Externalizable.class.isAssignableFrom(k)
                    || k.getName().startsWith("java.")
                    || k.isRecord()
                    || k.isHidden()) {
                return false;
            }
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals("serialPersistentFields")) {
                    return false;
                }
            }
            for (Method m : k.getDeclaredMethods()) {
                switch (m.getName()) {
                    case "writeObject",
                            "readObject",
                            "readObjectNoData",
                            "writeReplace",
                            "readResolve" -> {
                        return false;
                    }
                    default -> {}
                }
            }
            return true;
        }

        private static Constructor<?> serializationConstructor(Class<?> c)
                throws ReflectiveOperationException, Unsupported {
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                if (Serializable.class.isAssignableFrom(k)) {
                    continue;
                }
                // a writeReplace or readResolve inherited from the non-serializable part
                for (Class<?> s = k; s != null; s = s.getSuperclass()) {
                    if (hasMethod(s, "writeReplace") || hasMethod(s, "readResolve")) {
                        throw new Unsupported();
                    }
                }
                break;
            }
            Constructor<?> ctor = SERIALIZATION_CONSTRUCTORS.get(c);
            if (ctor == null) {
                throw new Unsupported();
            }
            return ctor;
        }

        /** Constructors as serialization allocates with them; null where there is none. */
        private static final ClassValue<Constructor<?>> SERIALIZATION_CONSTRUCTORS =
                new ClassValue<>() {
                    @Override
                    protected Constructor<?> computeValue(Class<?> c) {
                        try {
                            // sun.reflect.ReflectionFactory (jdk.unsupported), looked up by name:
                            // javac warns on every direct use of it
                            Class<?> f = Class.forName("sun.reflect.ReflectionFactory");
                            Object factory = f.getMethod("getReflectionFactory").invoke(null);
                            Constructor<?> ctor =
                                    (Constructor<?>)
                                            f.getMethod(
                                                            "newConstructorForSerialization",
                                                            Class.class)
                                                    .invoke(factory, c);
                            if (ctor != null) {
                                ctor.setAccessible(true);
                            }
                            return ctor;
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            return null;
                        }
                    }
                };

        private static boolean hasMethod(Class<?> k, String name) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The graph holds an object that plans do not cover. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;
    }
}
