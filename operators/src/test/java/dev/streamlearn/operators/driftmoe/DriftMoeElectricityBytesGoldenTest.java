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
 * hashes and counts come from that build, not from the code under test.
 */
class DriftMoeElectricityBytesGoldenTest {

    @ParameterizedTest
    @CsvSource({
        "driftmoe-data, 0690ae007190d1b24ae9af562b3cca8264888bf37a77ad24e5c3fbca2ba70edb, 10220, 0",
        "driftmoe-improved, a4bfd7007f5dd2212a97ba9186aa5b25166aa93ce25392401969787ddc9cebdb, 11037, 44",
        "driftmoe-task, 5a6a5e88456dc2844b1ba8bc48aea00bbff07a074da9ec636dd1fd4db1c22d87, 7322, 0",
        "driftmoe-data+dropout, db95aa5f6f048d90a85180fd5c2f09d0aab39cbea0a60d58603f8d941d1a64cd, 10273, 0"
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
