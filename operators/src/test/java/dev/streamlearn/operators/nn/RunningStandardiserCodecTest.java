package dev.streamlearn.operators.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.state.codec.RawModelCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The input statistics' codec: a restored standardiser goes on exactly as the original. */
class RunningStandardiserCodecTest {

    @Test
    void restoredStatisticsStandardiseAndLearnAsTheOriginal() {
        Random random = new Random(8);
        RunningStandardiser original = new RunningStandardiser(3);
        for (int k = 0; k < 50; k++) {
            original.updateAndTransform(MlpFixtures.gaussian(random, 3));
        }
        byte[] bytes = ModelCodecs.ALL.encode(original);
        assertThat(new RawModelCodec().decode(bytes).typeName()).isEqualTo("running-standardiser");
        RunningStandardiser restored = ModelCodecs.ALL.decode(bytes, RunningStandardiser.class);
        assertThat(restored.count()).isEqualTo(50);
        for (int k = 0; k < 20; k++) {
            double[] x = MlpFixtures.gaussian(random, 3);
            assertThat(restored.transform(x)).containsExactly(original.transform(x));
            assertThat(restored.updateAndTransform(x))
                    .containsExactly(original.updateAndTransform(x));
        }
        assertThat(new RunningStandardiserCodec().encode(restored))
                .isEqualTo(new RunningStandardiserCodec().encode(original));
    }

    @Test
    void unusedStatisticsRoundTrip() {
        RunningStandardiser fresh = new RunningStandardiser(2);
        RunningStandardiserCodec codec = new RunningStandardiserCodec();
        RunningStandardiser restored = codec.decode(codec.encode(fresh));
        assertThat(restored.count()).isZero();
        assertThat(restored.transform(new double[] {1.5, -2})).containsExactly(1.5, -2);
    }
}
