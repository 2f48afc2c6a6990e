package dev.streamlearn.state.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer for models, backed by their {@link ModelCodec}: each value is the codec's
 * self-describing envelope (type name, codec version, fields), prefixed by its length. Because the
 * codec reads every version it ever wrote, state written by an older codec is read as is after an
 * upgrade; {@link ModelTypeSerializerSnapshot} records which codec wrote a savepoint.
 *
 * @param <M> the model type
 */
public final class ModelTypeSerializer<M> extends TypeSerializer<M> {
    private static final long serialVersionUID = 1L;

    private final ModelCodec<M> codec;

    public ModelTypeSerializer(ModelCodec<M> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public ModelCodec<M> codec() {
        return codec;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<M> duplicate() {
        return this;
    }

    @Override
    public M createInstance() {
        return null;
    }

    /** A deep copy, through the codec. */
    @Override
    public M copy(M from) {
        return from == null ? null : codec.decode(codec.encode(from));
    }

    @Override
    public M copy(M from, M reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    /**
     * A buffer per thread for {@link #serialize}, which needs the length first; one that grew past
     * {@link #KEPT_BUFFER} is dropped.
     */
    private static final ThreadLocal<DataOutputSerializer> BUFFER = new ThreadLocal<>();

    private static final int KEPT_BUFFER = 1 << 20;

    @Override
    public void serialize(M record, DataOutputView target) throws IOException {
        DataOutputSerializer buffer = BUFFER.get();
        if (buffer == null) {
            buffer = new DataOutputSerializer(8192);
        }
        BUFFER.remove(); // taken while in use: a nested call gets a buffer of its own
        try {
            buffer.clear();
            try {
                codec.encode(record, buffer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode a " + codec.typeName() + " model", e);
            }
            target.writeInt(buffer.length());
            target.write(buffer.getSharedBuffer(), 0, buffer.length());
        } finally {
            if (buffer.getSharedBuffer().length <= KEPT_BUFFER) {
                BUFFER.set(buffer);
            }
        }
    }

    @Override
    public M deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return codec.decode(bytes);
    }

    @Override
    public M deserialize(M reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ModelTypeSerializer<?> other
                && other.codec.getClass().equals(codec.getClass())
                && other.codec.typeName().equals(codec.typeName());
    }

    @Override
    public int hashCode() {
        return codec.getClass().hashCode() * 31 + codec.typeName().hashCode();
    }

    @Override
    public TypeSerializerSnapshot<M> snapshotConfiguration() {
        return new ModelTypeSerializerSnapshot<>(codec);
    }
}
