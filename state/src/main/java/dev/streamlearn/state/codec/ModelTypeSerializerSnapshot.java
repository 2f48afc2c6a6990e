package dev.streamlearn.state.codec;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.lang.reflect.InvocationTargetException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a savepoint records about a {@link ModelTypeSerializer}: the codec class, the model type
 * name and the codec version that wrote the state. On restore, state of the same model type written
 * by this or an older codec version is read as is (codecs read every older version); state of
 * another model type, or of a newer codec version, is incompatible and the restore fails with the
 * reason. {@link RawModelCodec} reads any model, for savepoint inspection.
 *
 * <p>Codecs are recreated from their class through a constructor without arguments, or one taking
 * the model type name.
 *
 * @param <M> the model type
 */
public final class ModelTypeSerializerSnapshot<M> implements TypeSerializerSnapshot<M> {
    private static final int VERSION = 1;

    private ModelCodec<M> codec;
    private String codecClass;
    private String typeName;
    private int codecVersion;

    /** For Flink, which reads the fields with {@link #readSnapshot}. */
    public ModelTypeSerializerSnapshot() {}

    ModelTypeSerializerSnapshot(ModelCodec<M> codec) {
        this.codec = codec;
        this.codecClass = codec.getClass().getName();
        this.typeName = codec.typeName();
        this.codecVersion = codec.currentVersion();
    }

    public String typeName() {
        return typeName;
    }

    public int codecVersion() {
        return codecVersion;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(codecClass);
        out.writeUTF(typeName);
        out.writeInt(codecVersion);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
            throws IOException {
        if (readVersion != VERSION) {
            throw new IOException(
                    "model serializer snapshot version "
                            + readVersion
                            + " is newer than this build");
        }
        codecClass = in.readUTF();
        typeName = in.readUTF();
        codecVersion = in.readInt();
        codec = instantiate(codecClass, typeName, classLoader);
    }

    @SuppressWarnings("unchecked")
    private static <M> ModelCodec<M> instantiate(String className, String type, ClassLoader loader)
            throws IOException {
        try {
            Class<?> cls = Class.forName(className, true, loader);
            try {
                var noArgs = cls.getDeclaredConstructor();
                noArgs.setAccessible(true);
                return (ModelCodec<M>) noArgs.newInstance();
            } catch (NoSuchMethodException e) {
                var byType = cls.getDeclaredConstructor(String.class);
                byType.setAccessible(true);
                return (ModelCodec<M>) byType.newInstance(type);
            }
        } catch (ClassNotFoundException e) {
            throw new InvalidObjectException(
                    String.format(
                            "the savepoint holds '%s' models written by codec %s, which is not on"
                                    + " the class path; restore with the build that has it",
                            type, className));
        } catch (ReflectiveOperationException | ClassCastException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IOException(
                    String.format(
                            "cannot recreate codec %s (%s); a codec needs a constructor without"
                                    + " arguments or one taking its type name",
                            className, cause),
                    cause);
        }
    }

    @Override
    public TypeSerializer<M> restoreSerializer() {
        return new ModelTypeSerializer<>(codec);
    }

    @Override
    public TypeSerializerSchemaCompatibility<M> resolveSchemaCompatibility(
            TypeSerializerSnapshot<M> oldSnapshot) {
        if (!(oldSnapshot instanceof ModelTypeSerializerSnapshot<M> old)) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        if (codec instanceof RawModelCodec) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        if (!old.typeName.equals(typeName) || old.codecVersion > codecVersion) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
    }
}
