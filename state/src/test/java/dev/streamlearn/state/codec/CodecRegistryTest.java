package dev.streamlearn.state.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.state.codec.ModelCodecTest.Tally;
import dev.streamlearn.state.codec.ModelCodecTest.TallyCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Models encoded by the codec of their class and decoded by the codec their bytes name. */
class CodecRegistryTest {
    private final CodecRegistry registry =
            new CodecRegistry()
                    .register(Tally.class, new TallyCodec())
                    .register(ArrayList.class, new RawListCodec());

    /** A second model type, so that decoding must pick the codec by the tag. */
    @SuppressWarnings("rawtypes")
    static final class RawListCodec implements ModelCodec<ArrayList> {
        private static final long serialVersionUID = 1L;

        @Override
        public String typeName() {
            return "test-list";
        }

        @Override
        public int currentVersion() {
            return 1;
        }

        @Override
        public void write(ArrayList model, DataOutput out) throws IOException {
            out.writeInt(model.size());
        }

        @Override
        public ArrayList read(int version, DataInput in) throws IOException {
            return new ArrayList<>(in.readInt());
        }
    }

    @Test
    void encodesWithTheCodecOfTheClassAndDecodesByTheTag() throws IOException {
        byte[] bytes = registry.encode(new Tally(7, 2.5));
        assertThat(bytes).isEqualTo(new TallyCodec().encode(new Tally(7, 2.5)));
        Tally back = registry.decode(bytes, Tally.class);
        assertThat(back.count).isEqualTo(7);
        assertThat(back.sum).isEqualTo(2.5);

        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(nested)) {
            out.writeUTF("before");
            registry.write(new Tally(3, 1.0), out);
            registry.write(new ArrayList<>(), out);
            out.writeUTF("after");
        }
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(nested.toByteArray()))) {
            assertThat(in.readUTF()).isEqualTo("before");
            assertThat(registry.read(in, Object.class)).isInstanceOf(Tally.class);
            assertThat(registry.read(in, Object.class)).isInstanceOf(ArrayList.class);
            assertThat(in.readUTF()).isEqualTo("after");
        }
    }

    @Test
    void anUnknownTagSaysWhatThisBuildReads() {
        byte[] bytes = new TallyCodec().encode(new Tally(1, 1));
        CodecRegistry other = new CodecRegistry().register(ArrayList.class, new RawListCodec());
        assertThatThrownBy(() -> other.decode(bytes, Object.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'test-tally'")
                .hasMessageContaining("[test-list]")
                .hasMessageContaining("upgrade Streamlearn");
    }

    @Test
    void aModelOfAnotherTypeThanExpectedIsRefused() {
        byte[] bytes = registry.encode(new Tally(1, 1));
        assertThatThrownBy(() -> registry.decode(bytes, ArrayList.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'test-tally' model where a ArrayList was expected");
    }

    @Test
    void aClassWithoutCodecAndATagRegisteredTwiceAreRefused() {
        assertThatThrownBy(() -> registry.encode("a string"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> registry.register(Tally.class, new TallyCodec()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'test-tally' is registered twice");
    }

    /** A list whose codec writes each element through the registry, as owners write parts. */
    static final class Box {
        final java.util.List<Object> parts = new ArrayList<>();
    }

    static final class BoxCodec implements ModelCodec<Box> {
        private static final long serialVersionUID = 1L;
        private final CodecRegistry parts;

        BoxCodec(CodecRegistry parts) {
            this.parts = parts;
        }

        @Override
        public String typeName() {
            return "test-box";
        }

        @Override
        public int currentVersion() {
            return 1;
        }

        @Override
        public void write(Box box, DataOutput out) throws IOException {
            out.writeInt(box.parts.size());
            for (Object part : box.parts) {
                parts.write(part, out);
            }
        }

        @Override
        public Box read(int version, DataInput in) throws IOException {
            Box box = new Box();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                box.parts.add(parts.read(in, Object.class));
            }
            return box;
        }
    }

    @Test
    void partsWrittenThroughTheRegistryInsideAPartOfItsOwnReadBack() throws IOException {
        CodecRegistry nesting = new CodecRegistry().register(Tally.class, new TallyCodec());
        nesting.register(Box.class, new BoxCodec(nesting));
        Box inner = new Box();
        inner.parts.add(new Tally(2, 0.5));
        Box outer = new Box();
        outer.parts.add(new Tally(1, 1.5));
        outer.parts.add(inner);
        outer.parts.add(new Tally(3, 4.5));
        for (int round = 0; round < 2; round++) { // the second reuses this thread's buffers
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                nesting.write(outer, out);
            }
            byte[] envelope = nesting.encode(outer);
            assertThat(bytes.toByteArray()).hasSize(Integer.BYTES + envelope.length);
            assertThat(java.util.Arrays.copyOfRange(bytes.toByteArray(), 4, bytes.size()))
                    .isEqualTo(envelope);
            Box back =
                    nesting.read(
                            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                            Box.class);
            assertThat(((Tally) back.parts.get(0)).sum).isEqualTo(1.5);
            assertThat(((Tally) ((Box) back.parts.get(1)).parts.get(0)).count).isEqualTo(2);
            assertThat(((Tally) back.parts.get(2)).count).isEqualTo(3);
        }
    }

    @Test
    void readsAnEnvelopeWrittenInPlace() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            new TallyCodec().encode(new Tally(5, 2.0), out);
            out.writeUTF("after");
        }
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(registry.readEnvelope(in, Tally.class).count).isEqualTo(5);
            assertThat(in.readUTF()).isEqualTo("after");
        }
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThatThrownBy(() -> registry.readEnvelope(in, ArrayList.class))
                    .hasMessageContaining("'test-tally' model where a ArrayList was expected");
        }
    }

    @Test
    void namesItsCodecsAndTheCodecOfAClass() {
        assertThat(registry.codecs())
                .extracting(ModelCodec::typeName)
                .containsExactly("test-tally", "test-list");
        assertThat(registry.codecFor(Tally.class)).isInstanceOf(TallyCodec.class);
        assertThatThrownBy(() -> registry.codecFor(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no codec is registered for java.lang.String");
    }

    @Test
    void readVersionedRefusesAVersionItDoesNotRead() {
        byte[] version3 = {0, 0, 0, 3};
        assertThatThrownBy(
                        () ->
                                new TallyCodec()
                                        .readVersioned(
                                                new DataInputStream(
                                                        new ByteArrayInputStream(version3))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'test-tally' model was written by codec version 3")
                .hasMessageContaining("upgrade Streamlearn");
    }
}
