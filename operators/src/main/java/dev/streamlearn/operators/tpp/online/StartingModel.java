package dev.streamlearn.operators.tpp.online;

import dev.streamlearn.operators.tpp.neural.AttNhpConfig;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A trained model for an online learner, and for whatever serves its versions, to start from
 * instead of the untrained one: a model trained offline, or a version copied from a model topic. It
 * keeps the model's {@link NeuralTppCodec} bytes (each user decodes a model of its own) and the
 * version the model had; the first window trained on it becomes the version after.
 *
 * <pre>{@code
 * StartingModel start = StartingModel.of(0, new NeuralTppCodec().encode(offline));
 * OnlineTppConfig config = OnlineTppConfig.defaults(3, true, 7).withStartingModel(start);
 * OnlineTppLearner learner = OnlineTppLearner.create(config); // the offline model, version 0
 * }</pre>
 */
public final class StartingModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final NeuralTppCodec CODEC = new NeuralTppCodec();

    private final long version;
    private final byte[] bytes;
    private final AttNhpConfig network;

    private StartingModel(long version, byte[] bytes, AttNhpConfig network) {
        this.version = version;
        this.bytes = bytes;
        this.network = network;
    }

    /**
     * The model that {@code codecBytes} encode, at {@code version}; decoded once here, so that
     * bytes that are not a model fail now rather than in a running job.
     */
    public static StartingModel of(long version, byte[] codecBytes) {
        if (version < 0) {
            throw new IllegalArgumentException("a model version is at least 0, got " + version);
        }
        byte[] copy = codecBytes.clone();
        AttNhpConfig network;
        try (NeuralTpp model = CODEC.decode(copy)) {
            network = model.config();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "the bytes are not a model that the '%s' codec reads: %s",
                            CODEC.typeName(), e.getMessage()),
                    e);
        }
        return new StartingModel(version, copy, network);
    }

    /** The version the model had; the learner's next version is one more. */
    public long version() {
        return version;
    }

    /** The model's network configuration (its shape, learning rate and seed). */
    public AttNhpConfig network() {
        return network;
    }

    /** A new copy of the model, the caller's to close. */
    public NeuralTpp model() {
        return CODEC.decode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StartingModel s
                && s.version == version
                && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(version) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return String.format(
                "StartingModel[version %d, %s, %d bytes]", version, network, bytes.length);
    }
}
