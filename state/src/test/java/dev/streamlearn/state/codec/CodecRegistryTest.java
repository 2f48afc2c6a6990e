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
}
