package dev.streamlearn.operators.driftmoe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.streams.DataSets;
import dev.streamlearn.operators.streams.FileStream;
import dev.streamlearn.operators.streams.LabelledStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The speed work on the router's mini-batch and on the experts' votes moves no bit: after the first
 * 12,000 instances of Electricity, through {@link DriftMoe#predictThenLearn} as {@code bench
 * driftmoe} runs it (seed 1), each configuration's codec bytes hash to what the build before that
 * work wrote (commit 4d9b212: a forward pass per buffered instance, one backward pass per instance,
 * one MOA instance per expert call), with as many instances right and as many experts reset. The
 * hashes and counts come from that build, not from the code under test: the hashes are of the
 * codec's version 6 bytes, each the re-encoding of the version 5 bytes of the same model, which are
 * themselves the re-encoding of the version 4 bytes whose hash that build wrote. Each step was
 * checked when the codec changed: when the router, Adam and the statistics got codecs of their own,
 * the version 4 bytes of the build before hashed to 4d9b212's hashes, and decoding them and
 * encoding again gave the version 5 hashes; when the experts and the drift detectors went through
 * the registry, the version 5 bytes of the build before hashed to those, and decoding them and
 * encoding again gave these.
 */
class DriftMoeElectricityBytesGoldenTest {

    @ParameterizedTest
    @CsvSource({
        "driftmoe-data, b4c98e5951dcf585583a0ce248f9f9be881dca6ca49183fd6b8dff3632dcf029, 10220, 0",
        "driftmoe-improved, a8ebd5932c0bb8a3010016a7de722eb75202b15377fae9f4e1dacd08dc265c2b, 11037, 44",
        "driftmoe-task, c503fa152a9a7a425fa596a1032a00021b5dd741c20f94e0e8084f774a119ed4, 7322, 0",
        "driftmoe-data+dropout, ef1f59eef9fa8004f49649ac3c2bbc770fc569013dddb07113c14c4575408a76, 10273, 0"
    })
    void theCodecBytesAreThoseOfTheBuildBeforeTheBatchedRouterStep(
            String learner, String sha256, int correct, long resets)
            throws NoSuchAlgorithmException {
        try (LabelledStream s = FileStream.arff(DataSets.ELEC)) {
            DriftMoe moe = (DriftMoe) Classifiers.create(learner, s.schema(), 1);
            int right = 0;
            for (int i = 0; i < 12_000; i++) {
                LabelledStream.Example e = s.next();
                double[] p = moe.predictThenLearn(e.x(), e.y());
                right += OnlineClassifier.argMax(p) == e.y() ? 1 : 0;
            }
            byte[] bytes = new DriftMoeCodec().encode(moe);
            String sha =
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(
                            String.format(
                                    "%d right, %d resets, sha-256 %s",
                                    right, moe.expertResets(), sha))
                    .isEqualTo(
                            String.format(
                                    "%d right, %d resets, sha-256 %s", correct, resets, sha256));
        }
    }
}
