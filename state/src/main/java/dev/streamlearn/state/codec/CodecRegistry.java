package dev.streamlearn.state.codec;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
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
        Object model = codec(tag).decode(bytes);
        if (!type.isInstance(model)) {
            throw new IllegalStateException(
                    String.format(
                            "state holds a '%s' model where a %s was expected",
                            tag, type.getSimpleName()));
        }
        return type.cast(model);
    }

    /** Writes the model's envelope inside a larger encoding, after its length. */
    public void write(Object model, DataOutput out) throws IOException {
        byte[] bytes = encode(model);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads what {@link #write} wrote, as a {@code type}. */
    public <T> T read(DataInput in, Class<T> type) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return decode(bytes, type);
    }
}
