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
 * as many instances right. The hashes come from that build, not from the code under test.
 */
class DriftMoeBytesGoldenTest {

    @ParameterizedTest
    @CsvSource({
        "generators.SEAGenerator -i 5, driftmoe-data, 0b934270622a4bb732519a961b08e7796576d97cff775e8438f6b838f260813b, 3437",
        "generators.SEAGenerator -i 5, driftmoe-improved, 531a51d7f914712e46f797c906b706bb47971364d1dbd46d4a214bafa2b5e666, 3489",
        "generators.SEAGenerator -i 5, driftmoe-task, 1b768ef0aa39276d7d3085f8d4ad95b0244e721ee44271d2178346a70f2c0c65, 3125",
        "generators.SEAGenerator -i 5, driftmoe-data+dropout, e5f40f75ec0c69be1c94befb2ce057e3435bc92adaac25a4c17794ef7357d140, 3455",
        "RBF_f, driftmoe-data, df4ea0e08cd9dde459e3c1387cfd13215ca535e0d11a6db85f24b4e06bb80bac, 2689",
        "RBF_f, driftmoe-improved, 1b37873eec85228c8fe8e3749968fd094aef7888a9be95ea9afebb9546ec1c4a, 3448",
        "RBF_f, driftmoe-task, 2a200ecfcc290095cd127690c6542707828bf3c3406e32452068f6854cf7685b, 2764",
        "RBF_f, driftmoe-data+dropout, a57a91722497669676aef489f6160823cf87d1ff05745e293156e8d78f485ea8, 2753"
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
