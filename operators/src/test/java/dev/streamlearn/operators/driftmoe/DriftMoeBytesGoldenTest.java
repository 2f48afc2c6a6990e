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
 * The router's arithmetic is laid out for speed without moving a bit: after 4,000 prequential SEA
 * instances, each configuration's codec bytes hash to what the build before the input-major layout
 * wrote (commit f73bc76, output-major dot products), and it predicted as many instances right. The
 * hashes come from that build, not from the code under test.
 */
class DriftMoeBytesGoldenTest {

    @ParameterizedTest
    @CsvSource({
        "generators.SEAGenerator -i 5, driftmoe-data, 0b934270622a4bb732519a961b08e7796576d97cff775e8438f6b838f260813b, 3437",
        "generators.SEAGenerator -i 5, driftmoe-improved, 531a51d7f914712e46f797c906b706bb47971364d1dbd46d4a214bafa2b5e666, 3489",
        "generators.SEAGenerator -i 5, driftmoe-task, 1b768ef0aa39276d7d3085f8d4ad95b0244e721ee44271d2178346a70f2c0c65, 3125",
        "generators.SEAGenerator -i 5, driftmoe-data+dropout, e5f40f75ec0c69be1c94befb2ce057e3435bc92adaac25a4c17794ef7357d140, 3455"
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
