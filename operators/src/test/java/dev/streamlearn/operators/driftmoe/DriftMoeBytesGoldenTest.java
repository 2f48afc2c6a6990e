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
 * of the codec's version 6 bytes, each the re-encoding of the version 5 bytes of the same model,
 * which are themselves the re-encoding of the version 4 bytes whose hash that build wrote. Each
 * step was checked when the codec changed: when the router, Adam and the statistics got codecs of
 * their own, the version 4 bytes of the build before hashed to f73bc76's hashes, and decoding them
 * and encoding again gave the version 5 hashes; when the experts and the drift detectors went
 * through the registry, the version 5 bytes of the build before hashed to those, and decoding them
 * and encoding again gave these.
 */
class DriftMoeBytesGoldenTest {

    @ParameterizedTest
    @CsvSource({
        "generators.SEAGenerator -i 5, driftmoe-data, 4c133beab9275e912c77f7f47df274191867fa66d38e3bfa18ecee7c98bddfdb, 3437",
        "generators.SEAGenerator -i 5, driftmoe-improved, 60bedf8cfc3b0ea127ab54d4e5bd9d2b7754196ebda8890c1aa70f86901e4e0a, 3489",
        "generators.SEAGenerator -i 5, driftmoe-task, f5ef71d99f1d69cda09d3f01072d32bde5483d8eb21d2ae3e8b5edc0ce6e6745, 3125",
        "generators.SEAGenerator -i 5, driftmoe-data+dropout, 2e959b2e00b516da9a620d29a8cf261434f5a0c4ec55bf055f47d394c5bbd358, 3455",
        "RBF_f, driftmoe-data, fcaa7b08afd2b88408e3a1304b855ccf9fec852c68c762d02876d544f9856bc8, 2689",
        "RBF_f, driftmoe-improved, c93cc9a09928f61216ba1639a224c80f0cdc1afd9f0ff06caf4c46568bf4402e, 3448",
        "RBF_f, driftmoe-task, 40983561aa01ce1eab7487f6cd8a17c7647ff50586532632d705750bb9e47f30, 2764",
        "RBF_f, driftmoe-data+dropout, 85b365998fb1a1c0553bdcdffd7b9df785aa4e4d70e586d72d882756b47d5960, 2753"
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
