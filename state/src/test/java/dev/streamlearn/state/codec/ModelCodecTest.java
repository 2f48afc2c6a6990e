package dev.streamlearn.state.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.yahoo.labs.samoa.instances.Attribute;
import com.yahoo.labs.samoa.instances.DenseInstance;
import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.Instances;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import moa.classifiers.bayes.NaiveBayes;
import moa.classifiers.functions.MajorityClass;
import moa.classifiers.trees.HoeffdingTree;
import org.junit.jupiter.api.Test;

class ModelCodecTest {

    /** A running count and sum; version 1 wrote only the count, version 2 adds the sum. */
    static final class Tally {
        long count;
        double sum;

        Tally(long count, double sum) {
            this.count = count;
            this.sum = sum;
        }
    }

    static final class TallyCodec implements ModelCodec<Tally> {
        private static final long serialVersionUID = 1L;

        @Override
        public String typeName() {
            return "test-tally";
        }

        @Override
        public int currentVersion() {
            return 2;
        }

        @Override
        public void write(Tally model, DataOutput out) throws IOException {
            out.writeLong(model.count);
            out.writeDouble(model.sum);
        }

        @Override
        public Tally read(int version, DataInput in) throws IOException {
            long count = in.readLong();
            double sum = version >= 2 ? in.readDouble() : 0;
            return new Tally(count, sum);
        }
    }

    private static byte[] envelope(String type, int version, long... longs) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(type);
            out.writeInt(version);
            for (long l : longs) {
                out.writeLong(l);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void roundTripsAModel() {
        TallyCodec codec = new TallyCodec();
        Tally decoded = codec.decode(codec.encode(new Tally(42, 3.25)));
        assertThat(decoded.count).isEqualTo(42);
        assertThat(decoded.sum).isEqualTo(3.25);
    }

    @Test
    void readsAnOlderVersion() throws IOException {
        Tally decoded = new TallyCodec().decode(envelope("test-tally", 1, 7));
        assertThat(decoded.count).isEqualTo(7);
        assertThat(decoded.sum).isZero();
    }

    @Test
    void rejectsAnotherModelType() throws IOException {
        byte[] other = envelope("some-other-model", 1, 7);
        assertThatThrownBy(() -> new TallyCodec().decode(other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'some-other-model'")
                .hasMessageContaining("'test-tally'")
                .hasMessageContaining("operator uid was reused");
    }

    @Test
    void rejectsANewerVersionAndSaysToUpgrade() throws IOException {
        byte[] newer = envelope("test-tally", 3, 7, 0);
        assertThatThrownBy(() -> new TallyCodec().decode(newer))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("codec version 3")
                .hasMessageContaining("versions 1 to 2")
                .hasMessageContaining("upgrade Streamlearn");
    }

    @Test
    void rejectsVersionZero() throws IOException {
        byte[] zero = envelope("test-tally", 0, 7, 0);
        assertThatThrownBy(() -> new TallyCodec().decode(zero))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("codec version 0");
    }

    @Test
    void truncatedBytesFailNamingTheModelType() {
        TallyCodec codec = new TallyCodec();
        byte[] whole = codec.encode(new Tally(1, 2));
        byte[] truncated = Arrays.copyOf(whole, whole.length - 3);
        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("test-tally");
    }

    // ---- MOA learners ----

    private static InstancesHeader header() {
        List<Attribute> attrs = new ArrayList<>();
        attrs.add(new Attribute("a1"));
        attrs.add(new Attribute("a2"));
        attrs.add(new Attribute("colour", List.of("red", "green", "blue")));
        attrs.add(new Attribute("class", List.of("no", "yes")));
        Instances data = new Instances("codec-test", attrs, 0);
        data.setClassIndex(attrs.size() - 1);
        return new InstancesHeader(data);
    }

    /** A labelled instance: yes when a1 + a2 > 1 (colour is noise), from a seeded generator. */
    private static Instance instance(InstancesHeader header, Random rnd) {
        double a1 = rnd.nextDouble();
        double a2 = rnd.nextDouble();
        int colour = rnd.nextInt(3);
        boolean yes = a1 + a2 > 1;
        Instance inst = new DenseInstance(1.0, new double[] {a1, a2, colour, yes ? 1 : 0});
        inst.setDataset(header);
        return inst;
    }

    private static HoeffdingTree trainedTree(InstancesHeader header, int n) {
        HoeffdingTree tree = new HoeffdingTree();
        tree.gracePeriodOption.setValue(50);
        tree.setModelContext(header);
        tree.prepareForUse();
        tree.resetLearning();
        Random rnd = new Random(11);
        for (int i = 0; i < n; i++) {
            tree.trainOnInstance(instance(header, rnd));
        }
        return tree;
    }

    private static List<double[]> votes(HoeffdingTree tree, List<Instance> probes) {
        List<double[]> out = new ArrayList<>();
        for (Instance p : probes) {
            out.add(tree.getVotesForInstance(p));
        }
        return out;
    }

    private static List<Instance> probes(InstancesHeader header) {
        Random rnd = new Random(99);
        List<Instance> probes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            probes.add(instance(header, rnd));
        }
        return probes;
    }

    @Test
    void moaTreeRoundTripGivesIdenticalVotes() {
        InstancesHeader header = header();
        HoeffdingTree tree = trainedTree(header, 6000);
        assertThat(tree.measureTreeDepth()).as("the tree has split").isGreaterThan(0);
        MoaLearnerCodec<HoeffdingTree> codec = new MoaLearnerCodec<>(HoeffdingTree.class);

        HoeffdingTree restored = codec.decode(codec.encode(tree));

        List<Instance> probes = probes(header);
        assertThat(votes(restored, probes))
                .usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(votes(tree, probes));
        // both go on learning identically
        Random a = new Random(5);
        Random b = new Random(5);
        for (int i = 0; i < 2000; i++) {
            tree.trainOnInstance(instance(header, a));
            restored.trainOnInstance(instance(header, b));
        }
        assertThat(votes(restored, probes))
                .usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(votes(tree, probes));
    }

    @Test
    void moaCodecNamesTheLearnerClass() {
        assertThat(new MoaLearnerCodec<>(HoeffdingTree.class).typeName())
                .isEqualTo("moa:moa.classifiers.trees.HoeffdingTree");
    }

    @Test
    void moaCodecRejectsAnotherLearnerClass() {
        NaiveBayes nb = new NaiveBayes();
        nb.setModelContext(header());
        nb.prepareForUse();
        byte[] bytes = new MoaLearnerCodec<>(NaiveBayes.class).encode(nb);
        assertThatThrownBy(() -> new MoaLearnerCodec<>(HoeffdingTree.class).decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moa:moa.classifiers.bayes.NaiveBayes")
                .hasMessageContaining("moa:moa.classifiers.trees.HoeffdingTree");
    }

    /** The offset of the class descriptor of {@code className} in a Java serialization stream. */
    private static int classDescriptor(byte[] bytes, String className) {
        byte[] name = className.getBytes(StandardCharsets.UTF_8);
        byte[] pattern = new byte[name.length + 3];
        pattern[0] = 0x72; // TC_CLASSDESC
        pattern[1] = (byte) (name.length >>> 8);
        pattern[2] = (byte) name.length;
        System.arraycopy(name, 0, pattern, 3, name.length);
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("no class descriptor of " + className);
    }

    /**
     * A version-1 envelope (Java serialization) of a tree, as if MOA {@code writtenBy} had written
     * it, after {@code tamper} changed the Java serialization body.
     */
    private static byte[] tamperedEnvelope(
            String writtenBy, java.util.function.Consumer<byte[]> tamper) throws IOException {
        HoeffdingTree tree = trainedTree(header(), 500);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(raw)) {
            out.writeObject(tree);
        }
        byte[] body = raw.toByteArray();
        tamper.accept(body);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("moa:" + HoeffdingTree.class.getName());
            out.writeInt(1);
            out.writeUTF(writtenBy);
            out.writeInt(body.length);
            out.write(body);
        }
        return bytes.toByteArray();
    }

    @Test
    void aChangedClassLayoutFailsNamingBothMoaVersions() throws IOException {
        // A different serialVersionUID is what another MOA release's HoeffdingTree looks like.
        byte[] bytes =
                tamperedEnvelope(
                        "2023.04.0",
                        body -> {
                            int at = classDescriptor(body, HoeffdingTree.class.getName());
                            int uid = at + 3 + HoeffdingTree.class.getName().length();
                            body[uid + 7] ^= 0x5A;
                        });
        assertThatThrownBy(() -> new MoaLearnerCodec<>(HoeffdingTree.class).decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HoeffdingTree saved by MOA 2023.04.0")
                .hasMessageContaining("cannot be read with MOA " + MoaLearnerCodec.MOA_VERSION)
                .hasMessageContaining("start this model afresh");
    }

    @Test
    void aMissingClassFailsWithTheMoaVersionMessage() throws IOException {
        // The same length, so the stream stays well-formed: only the class cannot be found.
        byte[] bytes =
                tamperedEnvelope(
                        "2023.04.0",
                        body -> {
                            int at = classDescriptor(body, HoeffdingTree.class.getName());
                            body[at + 3 + HoeffdingTree.class.getName().length() - 1] = 'X';
                        });
        assertThatThrownBy(() -> new MoaLearnerCodec<>(HoeffdingTree.class).decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("saved by MOA 2023.04.0")
                .hasMessageContaining("HoeffdingTreX");
    }

    @Test
    void corruptBodyFailsWithTheMoaVersionMessage() throws IOException {
        byte[] bytes = tamperedEnvelope(MoaLearnerCodec.MOA_VERSION, body -> body[0] = 0x13);
        assertThatThrownBy(() -> new MoaLearnerCodec<>(HoeffdingTree.class).decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read with MOA " + MoaLearnerCodec.MOA_VERSION)
                .hasMessageContaining("start this model afresh");
    }

    @Test
    void aBodyOfAnotherClassFailsWithTheMoaVersionMessage() throws IOException {
        // Bypasses the type-name check, as a nested codec calling read() directly would.
        NaiveBayes nb = new NaiveBayes();
        nb.setModelContext(header());
        nb.prepareForUse();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            new MoaLearnerCodec<>(NaiveBayes.class).write(nb, out);
        }
        MoaLearnerCodec<HoeffdingTree> codec = new MoaLearnerCodec<>(HoeffdingTree.class);
        assertThatThrownBy(
                        () ->
                                codec.read(
                                        codec.currentVersion(),
                                        new java.io.DataInputStream(
                                                new java.io.ByteArrayInputStream(
                                                        raw.toByteArray()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HoeffdingTree saved by MOA")
                .hasMessageContaining("NaiveBayes");
    }

    @Test
    void readsTheJavaSerializedVersionOneAndWritesTheCurrentVersion() throws IOException {
        HoeffdingTree tree = trainedTree(header(), 500);
        tree.setModelContext(header());
        byte[] v1 = tamperedEnvelope(MoaLearnerCodec.MOA_VERSION, body -> {});
        MoaLearnerCodec<HoeffdingTree> codec = new MoaLearnerCodec<>(HoeffdingTree.class);
        HoeffdingTree fromV1 = codec.decode(v1);
        byte[] current = codec.encode(tree);
        assertThat(RawModelCodecVersion.of(current)).isEqualTo(3);
        assertThat(current.length)
                .as("Kryo is smaller than Java serialization")
                .isLessThan(v1.length);
        InstancesHeader header = header();
        List<Instance> probes = probes(header);
        HoeffdingTree fromCurrent = codec.decode(current);
        fromCurrent.setModelContext(header);
        fromV1.setModelContext(header);
        assertThat(votes(fromCurrent, probes))
                .usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(votes(tree, probes))
                .containsExactlyElementsOf(votes(fromV1, probes));
    }

    @Test
    void versionThreeWritesRegisteredClassesAsIdsAndRoundTripsATreeWithSplitsExactly() {
        InstancesHeader header = header();
        HoeffdingTree tree = trainedTree(header, 6000);
        assertThat(tree.measureTreeDepth()).as("the tree has split").isGreaterThan(0);
        MoaLearnerCodec<HoeffdingTree> codec = new MoaLearnerCodec<>(HoeffdingTree.class);
        byte[] bytes = codec.encode(tree);
        assertThat(RawModelCodecVersion.of(bytes)).isEqualTo(3);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        // the envelope names the learner; the body names none of the registered classes
        assertThat(text.indexOf("moa.classifiers.trees.HoeffdingTree"))
                .isEqualTo(text.lastIndexOf("moa.classifiers.trees.HoeffdingTree"));
        assertThat(text)
                .as("option texts are written as string table entries")
                .doesNotContain("The number of instances a leaf should observe")
                .doesNotContain("moa.core.DoubleVector")
                .doesNotContain("moa.classifiers.core.attributeclassobservers")
                .doesNotContain("com.github.javacliparser.IntOption")
                .doesNotContain("com.yahoo.labs.samoa.instances.InstancesHeader");

        HoeffdingTree restored = codec.decode(bytes);
        List<Instance> probes = probes(header);
        assertThat(votes(restored, probes))
                .usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(votes(tree, probes));
        Random a = new Random(5);
        Random b = new Random(5);
        for (int i = 0; i < 3000; i++) {
            tree.trainOnInstance(instance(header, a));
            restored.trainOnInstance(instance(header, b));
        }
        assertThat(restored.measureTreeDepth()).isEqualTo(tree.measureTreeDepth());
        assertThat(votes(restored, probes))
                .usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(votes(tree, probes));
        // and writes the same bytes again
        assertThat(codec.encode(restored)).isEqualTo(codec.encode(tree));
    }

    @Test
    void versionThreeRegistersEachClassOnceUnderAFixedId() throws ClassNotFoundException {
        assertThat(KryoV3.CLASSES).doesNotHaveDuplicates();
        com.esotericsoftware.kryo.Kryo kryo = KryoV3.newKryo();
        for (int i = 0; i < KryoV3.CLASSES.size(); i++) {
            Class<?> type = Class.forName(KryoV3.CLASSES.get(i));
            assertThat(kryo.getRegistration(type).getId())
                    .as(KryoV3.CLASSES.get(i))
                    .isEqualTo(KryoV3.FIRST_ID + i);
        }
        // the first and the last ids are part of the format: the list is only appended to
        assertThat(KryoV3.CLASSES.get(0)).isEqualTo("java.util.ArrayList");
        assertThat(kryo.getRegistration(HoeffdingTree.class).getId()).isEqualTo(67);
    }

    @Test
    void theStringTableOfVersionThreeIsOnlyAppendedTo() throws Exception {
        // Entries are part of the format: changing or reordering one corrupts stored learners.
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (String entry : KryoV3Strings.TABLE.subList(0, 110)) {
            sha.update(entry.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        assertThat(java.util.HexFormat.of().formatHex(sha.digest()))
                .isEqualTo("1f9a89d3d52f8d8dfc3d4bdc9e1580c5588ed2352e242cc15e64c55d42c270ff");
        assertThat(KryoV3Strings.TABLE).doesNotHaveDuplicates();
    }

    @Test
    void aVersionThreeStringTableEntryUnknownToThisBuildFailsWithTheMoaVersionMessage()
            throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeUTF("moa:" + HoeffdingTree.class.getName());
            out.writeInt(3);
            out.writeUTF("2099.01.0");
            com.esotericsoftware.kryo.io.Output body = new com.esotericsoftware.kryo.io.Output(16);
            body.writeVarInt(1 + 2, true); // String's class id
            body.writeVarInt(1, true); // a new object, not a reference
            body.writeVarInt(KryoV3Strings.TABLE.size() + 1, true);
            out.writeInt(body.position());
            out.write(body.getBuffer(), 0, body.position());
        }
        assertThatThrownBy(
                        () -> new MoaLearnerCodec<>(HoeffdingTree.class).decode(raw.toByteArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HoeffdingTree saved by MOA 2099.01.0")
                .hasMessageContaining("string table entry");
    }

    @Test
    void aVersionThreeBodyWithAnUnknownClassIdFailsWithTheMoaVersionMessage() throws IOException {
        // a body written by a later build that registers more classes: an id this one lacks
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeUTF("moa:" + HoeffdingTree.class.getName());
            out.writeInt(3);
            out.writeUTF("2099.01.0");
            com.esotericsoftware.kryo.io.Output body = new com.esotericsoftware.kryo.io.Output(16);
            body.writeVarInt(KryoV3.FIRST_ID + KryoV3.CLASSES.size() + 100 + 2, true);
            out.writeInt(body.position());
            out.write(body.getBuffer(), 0, body.position());
        }
        assertThatThrownBy(
                        () -> new MoaLearnerCodec<>(HoeffdingTree.class).decode(raw.toByteArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HoeffdingTree saved by MOA 2099.01.0")
                .hasMessageContaining("cannot be read with MOA " + MoaLearnerCodec.MOA_VERSION)
                .hasMessageContaining("start this model afresh");
    }

    @Test
    void aKryoBodyNamingAMissingClassFailsWithTheMoaVersionMessage() {
        // a learner outside the registered classes is written by name, as in version 2
        MajorityClass learner = new MajorityClass();
        learner.setModelContext(header());
        learner.prepareForUse();
        byte[] bytes = new MoaLearnerCodec<>(MajorityClass.class).encode(learner);
        byte[] name = "moa.classifiers.functions.MajorityClass".getBytes(StandardCharsets.US_ASCII);
        int at = -1; // the last occurrence: the first is the envelope's type name
        for (int i = 0; i + name.length - 1 <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + name.length - 1, name, 0, name.length - 1)) {
                at = i;
            }
        }
        assertThat(at).as("the class name in the Kryo body").isNotNegative();
        bytes[at + 20] = 'X';
        assertThatThrownBy(() -> new MoaLearnerCodec<>(MajorityClass.class).decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read with MOA " + MoaLearnerCodec.MOA_VERSION)
                .hasMessageContaining("start this model afresh");
    }

    /** The codec version in an envelope. */
    private static final class RawModelCodecVersion {
        static int of(byte[] envelope) {
            return new RawModelCodec().decode(envelope).version();
        }
    }
}
