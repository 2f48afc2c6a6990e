package dev.streamlearn.state.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The codecs of a set of model types, each under its type tag (the codec's {@link
 * ModelCodec#typeName()}, which every encoding starts with): a model is encoded by the codec of its
 * class and decoded by the codec its bytes name, so a part that holds "some classifier" or "some
 * agent" needs no {@code instanceof} chain or hand-written tag of its own.
 *
 * <pre>{@code
 * CodecRegistry codecs = new CodecRegistry()
 *         .register(DriftMoe.class, new DriftMoeCodec())
 *         .register(StreamQ.class, DiscreteAgentCodec.Q);
 * byte[] bytes = codecs.encode(model);                     // the codec's own envelope
 * OnlineClassifier back = codecs.decode(bytes, OnlineClassifier.class);
 * }</pre>
 */
public final class CodecRegistry {
    private final Map<String, ModelCodec<?>> byTag = new LinkedHashMap<>();
    private final Map<Class<?>, ModelCodec<?>> byClass = new LinkedHashMap<>();

    /** Registers {@code codec} for models of exactly {@code type}, under its type name. */
    public <M> CodecRegistry register(Class<M> type, ModelCodec<M> codec) {
        ModelCodec<?> known = byTag.putIfAbsent(codec.typeName(), codec);
        if (known != null) {
            throw new IllegalArgumentException(
                    "type tag '" + codec.typeName() + "' is registered twice");
        }
        if (byClass.putIfAbsent(type, codec) != null) {
            throw new IllegalArgumentException(type.getName() + " has two codecs");
        }
        return this;
    }

    /** The codec registered under a type tag. */
    public ModelCodec<?> codec(String typeTag) {
        ModelCodec<?> codec = byTag.get(typeTag);
        if (codec == null) {
            throw new IllegalStateException(
                    String.format(
                            "state holds a '%s' model, which this build has no codec for (it"
                                    + " reads %s); upgrade Streamlearn",
                            typeTag, byTag.keySet()));
        }
        return codec;
    }

    /**
     * The codec registered for models of exactly {@code type}, for reading what an owner's codec
     * wrote before its parts went through the registry (a nested form that does not name its type).
     *
     * @throws IllegalArgumentException when none is
     */
    @SuppressWarnings("unchecked") // register() pairs each class with a codec of its models
    public <M> ModelCodec<M> codecFor(Class<M> type) {
        ModelCodec<?> codec = byClass.get(type);
        if (codec == null) {
            throw new IllegalArgumentException(
                    String.format(
                            "no codec is registered for %s; registered: %s",
                            type.getName(), byTag.keySet()));
        }
        return (ModelCodec<M>) codec;
    }

    /** The registered codecs, in the order of registration. */
    public List<ModelCodec<?>> codecs() {
        return List.copyOf(byClass.values());
    }

    @SuppressWarnings("unchecked")
    private <M> ModelCodec<M> codecOf(M model) {
        ModelCodec<?> codec = byClass.get(model.getClass());
        if (codec == null) {
            throw new IllegalArgumentException(
                    String.format(
                            "no codec is registered for %s; registered: %s",
                            model.getClass().getName(), byTag.keySet()));
        }
        return (ModelCodec<M>) codec;
    }

    /** The model in its codec's envelope: type tag, codec version, fields. */
    public byte[] encode(Object model) {
        return codecOf(model).encode(model);
    }

    /** Decodes an envelope by the codec its type tag names, as a {@code type}. */
    public <T> T decode(byte[] bytes, Class<T> type) {
        String tag;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            tag = in.readUTF();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the type tag of a model", e);
        }
        return as(tag, codec(tag).decode(bytes), type);
    }

    /**
     * Reads an envelope written in place, without the length that {@link #write} puts in front (as
     * some codecs wrote their parts before the registry), by the codec its type tag names, as a
     * {@code type}.
     */
    public <T> T readEnvelope(DataInput in, Class<T> type) throws IOException {
        String tag = in.readUTF();
        return as(tag, codec(tag).readVersioned(in), type);
    }

    private static <T> T as(String tag, Object model, Class<T> type) {
        if (!type.isInstance(model)) {
            throw new IllegalStateException(
                    String.format(
                            "state holds a '%s' model where a %s was expected",
                            tag, type.getSimpleName()));
        }
        return type.cast(model);
    }

    /**
     * Writes the model's envelope inside a larger encoding, after its length: the bytes of {@link
     * #encode}, which are first written to a buffer of this thread's, kept for the next part. A
     * part's codec writes its own parts through here, so a thread holds one buffer per level of
     * nesting; one that grew past {@link #KEPT_BUFFER_BYTES} is dropped. The buffers are plain JDK
     * objects, so that a thread that outlives a job does not keep the job's classes loaded.
     */
    public void write(Object model, DataOutput out) throws IOException {
        ArrayDeque<ByteArrayOutputStream> free = FREE_BUFFERS.get();
        ByteArrayOutputStream buffer =
                free.isEmpty() ? new ByteArrayOutputStream(4096) : free.pop();
        try {
            DataOutputStream data = new DataOutputStream(buffer);
            codecOf(model).encode(model, data);
            data.flush();
            out.writeInt(buffer.size());
            if (out instanceof OutputStream stream) {
                buffer.writeTo(stream);
            } else {
                out.write(buffer.toByteArray());
            }
        } finally {
            if (buffer.size() <= KEPT_BUFFER_BYTES) {
                buffer.reset();
                free.push(buffer);
            }
        }
    }

    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    private static final ThreadLocal<ArrayDeque<ByteArrayOutputStream>> FREE_BUFFERS =
            ThreadLocal.withInitial(ArrayDeque::new);

    /** Reads what {@link #write} wrote, as a {@code type}. */
    public <T> T read(DataInput in, Class<T> type) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return decode(bytes, type);
    }
}
