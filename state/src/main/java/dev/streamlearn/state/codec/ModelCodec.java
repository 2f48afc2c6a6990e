package dev.streamlearn.state.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The explicit, versioned binary form of one model type. A codec always writes its {@link
 * #currentVersion()} and reads every version it ever wrote, so that checkpoints and savepoints
 * survive upgrades of the model code.
 *
 * @param <M> the model type
 */
public interface ModelCodec<M> extends Serializable {

    /**
     * A stable name of the model type, written into every encoding (e.g. {@code "moa-learner"}).
     */
    String typeName();

    /** The version that {@link #write} writes. */
    int currentVersion();

    /**
     * Writes the model's fields (the envelope with type and version is written by {@link #encode}).
     */
    void write(M model, DataOutput out) throws IOException;

    /** Reads a model written by version {@code version} of this codec. */
    M read(int version, DataInput in) throws IOException;

    /** Encodes type name, version and model. */
    default byte[] encode(M model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            encode(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a " + typeName() + " model", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes the envelope of {@link #encode(Object)} to {@code out}; both {@link #encode(Object)}
     * and {@link ModelTypeSerializer} write through this method, so a codec that writes its own
     * envelope overrides this one.
     */
    default void encode(M model, DataOutput out) throws IOException {
        out.writeUTF(typeName());
        out.writeInt(currentVersion());
        write(model, out);
    }

    /** Decodes bytes written by {@link #encode} of this codec, in any of its versions. */
    default M decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String type = in.readUTF();
            if (!type.equals(typeName())) {
                throw new IllegalStateException(
                        String.format(
                                "state holds a '%s' model but this operator's codec reads '%s';"
                                        + " the operator uid was reused for another model type",
                                type, typeName()));
            }
            return readVersioned(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a " + typeName() + " model", e);
        }
    }

    /**
     * Reads an envelope after its type tag, which the caller has read and found to be this codec's:
     * the version, checked to be one this codec reads, then the fields that version wrote.
     */
    default M readVersioned(DataInput in) throws IOException {
        int version = in.readInt();
        if (version < 1 || version > currentVersion()) {
            throw new IllegalStateException(
                    String.format(
                            "a '%s' model was written by codec version %d, but this build reads"
                                    + " versions 1 to %d; upgrade Streamlearn to read it",
                            typeName(), version, currentVersion()));
        }
        return read(version, in);
    }
}
