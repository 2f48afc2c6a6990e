package dev.streamlearn.state.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.yahoo.labs.samoa.instances.Attribute;
import com.yahoo.labs.samoa.instances.DenseInstance;
import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.Instances;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import moa.classifiers.trees.HoeffdingTree;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reads a Hoeffding tree (with splits) from bytes that {@link MoaLearnerCodec} version 2 (Kryo,
 * class names) wrote, kept as a test resource, and checks that it votes and goes on learning
 * exactly as the tree that was saved.
 *
 * <p>The resource is never regenerated for a new codec version: add a resource of the new version
 * next to it instead. Regenerate only on purpose, after a MOA upgrade that cannot read the older
 * MOA's learners (which breaks savepoints too, and must be announced as such), with a build whose
 * codec writes version 2:
 *
 * <pre>
 * mvn -o test -pl state -DexcludedGroups=none \
 *     -Dtest=MoaLearnerCodecUpgradeTest#regenerateTheVersion2Resources
 * </pre>
 */
class MoaLearnerCodecUpgradeTest {

    private static final int TRAINED = 6_000;
    private static final int LEARNED_AFTER = 1_000;
    private static final int PROBES = 100;

    private static final String BYTES = "codec/moa-hoeffding-tree-v2.bin";
    private static final String GOLDEN = "codec/moa-hoeffding-tree-v2.golden.properties";
    private static final Path RESOURCES = Path.of("src", "test", "resources");

    static InstancesHeader header() {
        List<Attribute> attrs = new ArrayList<>();
        attrs.add(new Attribute("a1"));
        attrs.add(new Attribute("a2"));
        attrs.add(new Attribute("colour", List.of("red", "green", "blue")));
        attrs.add(new Attribute("class", List.of("no", "yes")));
        Instances data = new Instances("codec-upgrade", attrs, 0);
        data.setClassIndex(attrs.size() - 1);
        return new InstancesHeader(data);
    }

    /** A labelled instance: yes when a1 + a2 > 1 (colour is noise), from a seeded generator. */
    static Instance instance(InstancesHeader header, Random rnd) {
        double a1 = rnd.nextDouble();
        double a2 = rnd.nextDouble();
        int colour = rnd.nextInt(3);
        boolean yes = a1 + a2 > 1;
        Instance inst = new DenseInstance(1.0, new double[] {a1, a2, colour, yes ? 1 : 0});
        inst.setDataset(header);
        return inst;
    }

    static HoeffdingTree trainedTree(InstancesHeader header) {
        HoeffdingTree tree = new HoeffdingTree();
        tree.gracePeriodOption.setValue(50);
        tree.setModelContext(header);
        tree.prepareForUse();
        tree.resetLearning();
        Random rnd = new Random(11);
        for (int i = 0; i < TRAINED; i++) {
            tree.trainOnInstance(instance(header, rnd));
        }
        return tree;
    }

    /**
     * The tree's votes on fixed probes, then (after learning {@link #LEARNED_AFTER} more instances)
     * again: a restored tree must predict and go on learning identically.
     */
    static Properties figures(HoeffdingTree tree, InstancesHeader header) {
        Properties p = new Properties();
        p.setProperty("saved.depth", Integer.toString(tree.measureTreeDepth()));
        votes(tree, header, "saved.", p);
        Random rnd = new Random(5);
        for (int i = 0; i < LEARNED_AFTER; i++) {
            tree.trainOnInstance(instance(header, rnd));
        }
        votes(tree, header, "after.", p);
        return p;
    }

    private static void votes(
            HoeffdingTree tree, InstancesHeader header, String prefix, Properties p) {
        Random rnd = new Random(99);
        for (int i = 0; i < PROBES; i++) {
            double[] votes = tree.getVotesForInstance(instance(header, rnd));
            List<String> values = new ArrayList<>();
            for (double v : votes) {
                values.add(Double.toString(v));
            }
            p.setProperty(prefix + i, String.join(",", values));
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in =
                MoaLearnerCodecUpgradeTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    @Tag("regenerate")
    void regenerateTheVersion2Resources() throws IOException {
        MoaLearnerCodec<HoeffdingTree> codec = new MoaLearnerCodec<>(HoeffdingTree.class);
        assertThat(codec.currentVersion())
                .as("the v2 resource is only ever written by codec version 2")
                .isEqualTo(2);
        InstancesHeader header = header();
        HoeffdingTree tree = trainedTree(header);
        byte[] bytes = codec.encode(tree);
        Properties golden = figures(tree, header);
        Files.createDirectories(RESOURCES.resolve("codec"));
        Files.write(RESOURCES.resolve(BYTES), bytes);
        List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        "# A MOA HoeffdingTree (grace period 50) trained on %d instances, saved with"
                                + " MoaLearnerCodec v2 (MOA %s) as moa-hoeffding-tree-v2.bin;",
                        TRAINED, MoaLearnerCodec.MOA_VERSION));
        lines.add(
                "# its votes on "
                        + PROBES
                        + " probes, then its votes after learning "
                        + LEARNED_AFTER
                        + " more instances.");
        lines.add("# Written by MoaLearnerCodecUpgradeTest#regenerateTheVersion2Resources.");
        golden.stringPropertyNames().stream()
                .sorted()
                .forEach(name -> lines.add(name + "=" + golden.getProperty(name)));
        Files.write(RESOURCES.resolve(GOLDEN), lines, StandardCharsets.UTF_8);
    }

    @Test
    void theEnvelopeSaysVersion2() throws IOException {
        RawModelCodec.RawModel raw = new RawModelCodec().decode(resource(BYTES));
        assertThat(raw.typeName()).isEqualTo("moa:" + HoeffdingTree.class.getName());
        assertThat(raw.version()).isEqualTo(2);
    }

    @Test
    void readsVersion2BytesAndVotesExactlyAsTheSavedTree() throws IOException {
        Properties golden = new Properties();
        golden.load(new ByteArrayInputStream(resource(GOLDEN)));
        HoeffdingTree restored = new MoaLearnerCodec<>(HoeffdingTree.class).decode(resource(BYTES));
        InstancesHeader header = header();
        restored.setModelContext(header);
        assertThat(Integer.parseInt(golden.getProperty("saved.depth")))
                .as("the saved tree has split")
                .isGreaterThan(0);
        Properties actual = figures(restored, header);
        assertThat(actual).isEqualTo(golden);
    }

    @Test
    void aTreeReadFromVersion2IsWrittenAndReadBackInTheCurrentVersion() throws IOException {
        MoaLearnerCodec<HoeffdingTree> codec = new MoaLearnerCodec<>(HoeffdingTree.class);
        HoeffdingTree fromV2 = codec.decode(resource(BYTES));
        byte[] current = codec.encode(fromV2);
        assertThat(new RawModelCodec().decode(current).version()).isEqualTo(codec.currentVersion());
        HoeffdingTree restored = codec.decode(current);
        InstancesHeader header = header();
        restored.setModelContext(header);
        Properties golden = new Properties();
        golden.load(new ByteArrayInputStream(resource(GOLDEN)));
        assertThat(figures(restored, header)).isEqualTo(golden);
    }

    @Test
    void aVersion2BodyNamingAMissingClassFailsWithTheMoaVersionMessage() throws IOException {
        byte[] bytes = resource(BYTES);
        // version 2 names every class in ASCII: rename the tree's class to one that does not exist
        byte[] name = "moa.classifiers.trees.Hoeffding".getBytes(StandardCharsets.US_ASCII);
        int at = -1; // the last occurrence: the first is the envelope's type name
        for (int i = 0; i + name.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
                at = i;
            }
        }
        assertThat(at).as("a class name in the Kryo body").isNotNegative();
        bytes[at + name.length - 9] = 'X';
        assertThatThrownBy(() -> new MoaLearnerCodec<>(HoeffdingTree.class).decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read with MOA " + MoaLearnerCodec.MOA_VERSION)
                .hasMessageContaining("start this model afresh");
    }
}
