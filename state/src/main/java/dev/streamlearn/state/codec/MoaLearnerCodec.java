package dev.streamlearn.state.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;

/**
 * Writes a MOA learner (or any object graph holding one) inside a versioned envelope: the MOA
 * version that wrote it, then the learner in Java serialization. MOA's classes define that form, so
 * a savepoint can only be read by a build with a compatible MOA; the envelope turns a cryptic
 * {@link InvalidClassException} into an error that names both versions.
 *
 * @param <M> the learner type
 */
public final class MoaLearnerCodec<M extends java.io.Serializable> implements ModelCodec<M> {
    private static final long serialVersionUID = 1L;

    /** The MOA version on this build's class path. */
    public static final String MOA_VERSION = "2024.07.0";

    private final Class<M> type;

    public MoaLearnerCodec(Class<M> type) {
        this.type = type;
    }

    /** Recreates the codec from its {@link #typeName()} ({@code "moa:<class name>"}). */
    @SuppressWarnings("unchecked")
    public MoaLearnerCodec(String typeName) {
        if (!typeName.startsWith("moa:")) {
            throw new IllegalArgumentException("not a MOA learner type name: " + typeName);
        }
        try {
            this.type = (Class<M>) Class.forName(typeName.substring(4));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "the learner class of '" + typeName + "' is not on the class path", e);
        }
    }

    @Override
    public String typeName() {
        return "moa:" + type.getName();
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(M model, DataOutput out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
            oos.writeObject(model);
        }
        out.writeUTF(MOA_VERSION);
        out.writeInt(bytes.size());
        out.write(bytes.toByteArray());
    }

    @Override
    public M read(int version, DataInput in) throws IOException {
        String writtenBy = in.readUTF();
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(body))) {
            return type.cast(ois.readObject());
        } catch (ObjectStreamException | ClassNotFoundException | ClassCastException e) {
            // InvalidClassException and a field of a changed type (ClassCastException) are what
            // another MOA release's classes look like; a corrupt body cannot be read either.
            throw new IllegalStateException(
                    String.format(
                            "a %s saved by MOA %s cannot be read with MOA %s (%s); restore the"
                                    + " savepoint with the Streamlearn release that wrote it, or"
                                    + " start this model afresh",
                            type.getSimpleName(), writtenBy, MOA_VERSION, e.getMessage()),
                    e);
        }
    }
}
