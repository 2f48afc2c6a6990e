package dev.streamlearn.state.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.state.codec.ModelCodecTest.Tally;
import dev.streamlearn.state.codec.ModelCodecTest.TallyCodec;
import dev.streamlearn.state.codec.RawModelCodec.RawModel;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import moa.classifiers.bayes.NaiveBayes;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The Flink serializer over a model codec, its snapshot and its compatibility rules. */
class ModelTypeSerializerTest {

    private final ModelTypeSerializer<Tally> serializer =
            new ModelTypeSerializer<>(new TallyCodec());

    /** A codec without a constructor Flink could call on restore. */
    static final class UnrecreatableCodec implements ModelCodec<Tally> {
        private static final long serialVersionUID = 1L;

        UnrecreatableCodec(int unused) {}

        @Override
        public String typeName() {
            return "test-tally";
        }

        @Override
        public int currentVersion() {
            return 1;
        }

        @Override
        public void write(Tally model, DataOutput out) {}

        @Override
        public Tally read(int version, DataInput in) {
            return new Tally(0, 0);
        }
    }

    private static <T> byte[] serialize(TypeSerializer<T> s, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    private static <T> T deserialize(TypeSerializer<T> s, byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        T value = s.deserialize(in);
        assertThat(in.available()).as("every byte read").isZero();
        return value;
    }

    private static byte[] versionedSnapshot(TypeSerializerSnapshot<?> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return out.getCopyOfBuffer();
    }

    /** What a savepoint would hold for a codec of class {@code codecClass}. */
    private static byte[] versionedSnapshot(
            int snapshotVersion, String codecClass, String typeName, int codecVersion)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(ModelTypeSerializerSnapshot.class.getName());
        out.writeInt(snapshotVersion);
        out.writeUTF(codecClass);
        out.writeUTF(typeName);
        out.writeInt(codecVersion);
        return out.getCopyOfBuffer();
    }

    private static <T> TypeSerializerSnapshot<T> readSnapshot(byte[] bytes) throws IOException {
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(bytes), ModelTypeSerializerTest.class.getClassLoader());
    }

    /** The snapshot a savepoint holds when TallyCodec wrote it at {@code codecVersion}. */
    private static TypeSerializerSnapshot<Tally> tallySnapshot(String typeName, int codecVersion)
            throws IOException {
        return readSnapshot(
                versionedSnapshot(1, TallyCodec.class.getName(), typeName, codecVersion));
    }

    // ---- values ----

    @Test
    void serializeDeserializeRoundTrip() throws IOException {
        byte[] bytes = serialize(serializer, new Tally(42, 3.25));
        Tally back = deserialize(serializer, bytes);
        assertThat(back.count).isEqualTo(42);
        assertThat(back.sum).isEqualTo(3.25);
        assertThat(serialize(serializer, back)).isEqualTo(bytes);
        // a length prefix, then the codec's envelope
        byte[] envelope = new TallyCodec().encode(new Tally(42, 3.25));
        assertThat(Arrays.copyOfRange(bytes, 4, bytes.length)).isEqualTo(envelope);
        assertThat(new DataInputDeserializer(bytes).readInt()).isEqualTo(envelope.length);
    }

    @Test
    void valuesFollowEachOtherInOneStream() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int i = 0; i < 5; i++) {
            serializer.serialize(new Tally(i, i * 0.5), out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (int i = 0; i < 5; i++) {
            Tally t = serializer.deserialize(new Tally(-1, -1), in);
            assertThat(t.count).isEqualTo(i);
            assertThat(t.sum).isEqualTo(i * 0.5);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void copyIsDeepAndIndependent() {
        Tally original = new Tally(7, 1.5);
        Tally copy = serializer.copy(original);
        assertThat(copy).isNotSameAs(original);
        assertThat(copy.count).isEqualTo(7);
        assertThat(copy.sum).isEqualTo(1.5);
        copy.count++;
        assertThat(original.count).isEqualTo(7);
        Tally viaReuse = serializer.copy(original, new Tally(0, 0));
        assertThat(viaReuse.count).isEqualTo(7);
        assertThat(serializer.copy(null)).isNull();
    }

    @Test
    void copiesSerializedBytesBetweenViews() throws IOException {
        DataOutputSerializer first = new DataOutputSerializer(64);
        serializer.serialize(new Tally(3, 9.0), first);
        serializer.serialize(new Tally(4, 16.0), first);
        DataInputDeserializer in = new DataInputDeserializer(first.getCopyOfBuffer());
        // copy() writes into the target without growing it, as Flink's own serializers do
        DataOutputSerializer second = new DataOutputSerializer(1024);
        serializer.copy(in, second);
        serializer.copy(in, second);
        assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
    }

    @Test
    void describesAMutableVariableLengthType() {
        assertThat(serializer.isImmutableType()).isFalse();
        assertThat(serializer.getLength()).isEqualTo(-1);
        assertThat(serializer.createInstance()).isNull();
        assertThat(serializer.duplicate()).isEqualTo(serializer);
        assertThat(serializer.codec()).isInstanceOf(TallyCodec.class);
        assertThat(serializer)
                .isEqualTo(new ModelTypeSerializer<>(new TallyCodec()))
                .hasSameHashCodeAs(new ModelTypeSerializer<>(new TallyCodec()))
                .isNotEqualTo(new ModelTypeSerializer<>(new UnrecreatableCodec(0)))
                .isNotEqualTo(new ModelTypeSerializer<>(new RawModelCodec()));
    }

    // ---- snapshots ----

    @Test
    void writesTheSnapshotFormatThatSavepointsHold() throws IOException {
        assertThat(versionedSnapshot(serializer.snapshotConfiguration()))
                .isEqualTo(versionedSnapshot(1, TallyCodec.class.getName(), "test-tally", 2));
    }

    @Test
    void aSnapshotReadBackRestoresAWorkingSerializer() throws IOException {
        TypeSerializerSnapshot<Tally> snapshot =
                readSnapshot(versionedSnapshot(serializer.snapshotConfiguration()));
        assertThat(snapshot).isInstanceOf(ModelTypeSerializerSnapshot.class);
        ModelTypeSerializerSnapshot<Tally> read = (ModelTypeSerializerSnapshot<Tally>) snapshot;
        assertThat(read.typeName()).isEqualTo("test-tally");
        assertThat(read.codecVersion()).isEqualTo(2);

        TypeSerializer<Tally> restored = snapshot.restoreSerializer();
        assertThat(restored).isEqualTo(serializer);
        Tally back = deserialize(restored, serialize(serializer, new Tally(5, 2.5)));
        assertThat(back.count).isEqualTo(5);
        assertThat(back.sum).isEqualTo(2.5);
        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(snapshot)
                                .isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void recreatesACodecThatTakesItsTypeName() throws IOException {
        ModelTypeSerializer<NaiveBayes> moa =
                new ModelTypeSerializer<>(new MoaLearnerCodec<>(NaiveBayes.class));
        TypeSerializerSnapshot<NaiveBayes> snapshot =
                readSnapshot(versionedSnapshot(moa.snapshotConfiguration()));
        TypeSerializer<NaiveBayes> restored = snapshot.restoreSerializer();
        assertThat(restored).isEqualTo(moa);

        NaiveBayes nb = new NaiveBayes();
        nb.prepareForUse();
        assertThat(deserialize(restored, serialize(moa, nb))).isInstanceOf(NaiveBayes.class);
    }

    @Test
    void aCodecMissingFromTheClassPathFailsNamingIt() throws IOException {
        byte[] bytes = versionedSnapshot(1, "com.example.GoneCodec", "gone-model", 1);
        assertThatThrownBy(() -> readSnapshot(bytes))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("'gone-model'")
                .hasMessageContaining("com.example.GoneCodec")
                .hasMessageContaining("not on the class path");
    }

    @Test
    void aCodecWithoutAUsableConstructorFailsSayingWhatItNeeds() throws IOException {
        byte[] bytes = versionedSnapshot(1, UnrecreatableCodec.class.getName(), "test-tally", 1);
        assertThatThrownBy(() -> readSnapshot(bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(UnrecreatableCodec.class.getName())
                .hasMessageContaining("constructor without arguments or one taking its type name");
    }

    @Test
    void aNewerSnapshotFormatIsRejected() throws IOException {
        byte[] bytes = versionedSnapshot(2, TallyCodec.class.getName(), "test-tally", 2);
        assertThatThrownBy(() -> readSnapshot(bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("snapshot version 2 is newer than this build");
    }

    // ---- compatibility ----

    private TypeSerializerSchemaCompatibility<Tally> restoring(TypeSerializerSnapshot<Tally> old) {
        return serializer.snapshotConfiguration().resolveSchemaCompatibility(old);
    }

    @Test
    void theSameTypeWrittenByThisOrAnOlderCodecVersionIsCompatibleAsIs() throws IOException {
        assertThat(restoring(tallySnapshot("test-tally", 2)).isCompatibleAsIs()).isTrue();
        assertThat(restoring(tallySnapshot("test-tally", 1)).isCompatibleAsIs()).isTrue();
    }

    @Test
    void anotherModelTypeIsIncompatible() throws IOException {
        assertThat(restoring(tallySnapshot("another-model", 2)).isIncompatible()).isTrue();
    }

    @Test
    void aNewerCodecVersionIsIncompatible() throws IOException {
        assertThat(restoring(tallySnapshot("test-tally", 3)).isIncompatible()).isTrue();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anotherSerializerIsIncompatible() {
        TypeSerializerSnapshot old = LongSerializer.INSTANCE.snapshotConfiguration();
        assertThat(restoring(old).isIncompatible()).isTrue();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void theRawCodecReadsAnyModel() throws IOException {
        ModelTypeSerializer<RawModel> raw = new ModelTypeSerializer<>(new RawModelCodec());
        for (TypeSerializerSnapshot old :
                new TypeSerializerSnapshot[] {
                    tallySnapshot("test-tally", 2),
                    tallySnapshot("another-model", 1),
                    tallySnapshot("test-tally", 99),
                    raw.snapshotConfiguration()
                }) {
            assertThat(
                            raw.snapshotConfiguration()
                                    .resolveSchemaCompatibility(old)
                                    .isCompatibleAsIs())
                    .as("raw reading %s", old)
                    .isTrue();
        }

        byte[] stored = serialize(serializer, new Tally(11, 0.25));
        RawModel model = deserialize(raw, stored);
        assertThat(model.typeName()).isEqualTo("test-tally");
        assertThat(model.version()).isEqualTo(2);
        assertThat(model.bytes()).isEqualTo(new TallyCodec().encode(new Tally(11, 0.25)));
        assertThat(serialize(raw, model)).as("written back unchanged").isEqualTo(stored);
        assertThat(new TallyCodec().decode(model.bytes()).count).isEqualTo(11);
    }

    // ---- the raw codec ----

    @Test
    void rawCodecReadsTheEnvelopeAndEncodesTheSameBytes() {
        byte[] envelope = new TallyCodec().encode(new Tally(3, 4.5));
        RawModelCodec codec = new RawModelCodec();
        RawModel model = codec.decode(envelope);
        assertThat(model.typeName()).isEqualTo("test-tally");
        assertThat(model.version()).isEqualTo(2);
        assertThat(model.bytes()).isEqualTo(envelope);
        assertThat(codec.encode(model)).isEqualTo(envelope);
        assertThat(codec.typeName()).isEqualTo("raw");
        assertThat(codec.currentVersion()).isEqualTo(1);
    }

    @Test
    void rawCodecRejectsBytesThatAreNoEnvelope() {
        assertThatThrownBy(() -> new RawModelCodec().decode(new byte[] {0, 9, 'x'}))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("not a model envelope");
        assertThatThrownBy(
                        () ->
                                new RawModelCodec()
                                        .write(
                                                new RawModel("x", 1, new byte[0]),
                                                new DataOutputSerializer(8)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
