package dev.streamlearn.operators.driftmoe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.baseline.Classifiers;
import dev.streamlearn.operators.learner.OnlineClassifier;
import dev.streamlearn.operators.streams.LabelledStream;
import dev.streamlearn.operators.streams.MoaGeneratorStream;
import dev.streamlearn.operators.streams.NamedStreams;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The router's arithmetic is laid out for speed without moving a bit: after 4,000 prequential
 * instances of SEA and of RBF_f (seed 2), each configuration's codec bytes hash to what the build
 * before the input-major layout wrote (commit f73bc76, output-major dot products), and it predicted
 * as many instances right. The hashes come from that build, not from the code under test: they are
 * of the codec's version 5 bytes, each the re-encoding of the version 4 bytes whose hash that build
 * wrote (checked when the router, Adam and the statistics got codecs of their own: the version 4
 * bytes of the build before that change hashed to f73bc76's hashes, and decoding them and encoding
 * again gave these).
 */
class DriftMoeBytesGoldenTest {

    @ParameterizedTest
    @CsvSource({
        "generators.SEAGenerator -i 5, driftmoe-data, f20656f6dce60c66c2db66cbc9c72f2c186d03a5695b1588c364e0c2c1d9eb19, 3437",
        "generators.SEAGenerator -i 5, driftmoe-improved, a424744e860ee7de86aa9b009eef3625965a2fcff9e5632b84d5fda3db86eb06, 3489",
        "generators.SEAGenerator -i 5, driftmoe-task, 13a01b38d8563a566e7a42eab392f5322669e9637e886a663e8c33b6a0e6a7d0, 3125",
        "generators.SEAGenerator -i 5, driftmoe-data+dropout, 7f64bf2c23f811ad730a51da132261174bf330e1d97fd48cc02fdcda97fda3ce, 3455",
        "RBF_f, driftmoe-data, 58e1b5ff4edcf5031b97ba4c424ea1e3ee4f8ccdbf3f39d19fe7d084016a0ca7, 2689",
        "RBF_f, driftmoe-improved, 8969b501082b1e20582d36ea8259d58937631287e7d0833f2b003ef4b3a9eb37, 3448",
        "RBF_f, driftmoe-task, d2f54f48212384967b49194a513ce37cb0ba81764d8807bf21a061103f579d33, 2764",
        "RBF_f, driftmoe-data+dropout, 10ef24bcd1e62c0b199ae2a57dcb62963d23315dcd0bc4df3a99db136f401386, 2753"
    })
    void theCodecBytesAreThoseOfTheOutputMajorBuild(
            String stream, String learner, String sha256, int correct)
            throws NoSuchAlgorithmException {
        String cli = NamedStreams.isNamed(stream) ? NamedStreams.cli(stream, 2) : stream;
        try (LabelledStream s = MoaGeneratorStream.open(cli)) {
            OnlineClassifier c = Classifiers.create(learner, s.schema(), 3);
            int right = 0;
            for (int i = 0; i < 4_000; i++) {
                LabelledStream.Example e = s.next();
                right += OnlineClassifier.argMax(c.predictProbaOne(e.x())) == e.y() ? 1 : 0;
                c.learnOne(e.x(), e.y());
            }
            byte[] bytes = new DriftMoeCodec().encode((DriftMoe) c);
            assertThat(right).isEqualTo(correct);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                    .isEqualTo(sha256);
        }
    }
}
