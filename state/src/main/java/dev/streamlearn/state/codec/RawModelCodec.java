package dev.streamlearn.state.codec;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads any model's envelope without knowing its codec: the type name, the codec version and the
 * encoded bytes. For savepoint inspection and export; the bytes load again with the model's own
 * codec ({@link ModelCodec#decode}).
 */
public final class RawModelCodec implements ModelCodec<RawModelCodec.RawModel> {
    private static final long serialVersionUID = 1L;

    /**
     * One encoded model.
     *
     * @param typeName the model type
     * @param version the codec version that wrote it
     * @param bytes the whole envelope, as {@link ModelCodec#encode} wrote it
     */
    public record RawModel(String typeName, int version, byte[] bytes) {}

    @Override
    public String typeName() {
        return "raw";
    }

    @Override
    public int currentVersion() {
        return 1;
    }

    @Override
    public void write(RawModel model, DataOutput out) {
        throw new UnsupportedOperationException("raw models are written by encode");
    }

    @Override
    public RawModel read(int version, DataInput in) {
        throw new UnsupportedOperationException("raw models are read by decode");
    }

    @Override
    public void encode(RawModel model, DataOutput out) throws IOException {
        out.write(model.bytes());
    }

    @Override
    public RawModel decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new RawModel(in.readUTF(), in.readInt(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("not a model envelope", e);
        }
    }
}
