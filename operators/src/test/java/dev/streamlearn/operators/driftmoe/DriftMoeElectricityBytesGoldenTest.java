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
 * codec's version 5 bytes, each the re-encoding of the version 4 bytes whose hash that build wrote
 * (checked when the router, Adam and the statistics got codecs of their own: the version 4 bytes of
 * the build before that change hashed to 4d9b212's hashes, and decoding them and encoding again
 * gave these).
 */
class DriftMoeElectricityBytesGoldenTest {

    @ParameterizedTest
    @CsvSource({
        "driftmoe-data, 0ef61fca5b1d64209e056de4f37c7b24acc76f52a6fb694662cd1105791052c0, 10220, 0",
        "driftmoe-improved, 23841c804d94650c7d841cd8b825dc36d155527bcd09977d80bffc4ee4f7c89c, 11037, 44",
        "driftmoe-task, 1249bbce861495b93218839c17151b1b14717d1068c0e6f92e19b3ddd37bfdb5, 7322, 0",
        "driftmoe-data+dropout, daa359ae37d458c4dfd5c6ef2ec610485514063a8550efa4a033851aaecf8aa5, 10273, 0"
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
