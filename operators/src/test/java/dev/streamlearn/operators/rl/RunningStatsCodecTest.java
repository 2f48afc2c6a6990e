package dev.streamlearn.operators.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.state.codec.RawModelCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The normalisation statistics' codec: restored statistics go on exactly as the original. */
class RunningStatsCodecTest {

    @Test
    void restoredStatisticsNormaliseAndUpdateAsTheOriginal() {
        Random random = new Random(4);
        RunningStats original = new RunningStats(4);
        for (int k = 0; k < 30; k++) {
            original.update(gaussian(random));
        }
        byte[] bytes = ModelCodecs.ALL.encode(original);
        assertThat(new RawModelCodec().decode(bytes).typeName()).isEqualTo("running-stats");
        RunningStats restored = ModelCodecs.ALL.decode(bytes, RunningStats.class);
        assertThat(restored.count()).isEqualTo(30);
        for (int k = 0; k < 10; k++) {
            double[] x = gaussian(random);
            double[] a = new double[4];
            double[] b = new double[4];
            original.normalize(x, a, 0);
            restored.normalize(x, b, 0);
            assertThat(b).containsExactly(a);
            original.update(x);
            restored.update(x);
        }
        assertThat(new RunningStatsCodec().encode(restored))
                .isEqualTo(new RunningStatsCodec().encode(original));
    }

    @Test
    void scalarStatisticsBeforeTheirSecondSampleKeepVarianceOne() {
        RunningStats rewards = new RunningStats(1);
        rewards.update(2.5);
        RunningStatsCodec codec = new RunningStatsCodec();
        RunningStats restored = codec.decode(codec.encode(rewards));
        assertThat(restored.variance(0)).isEqualTo(1);
        assertThat(restored.mean(0)).isEqualTo(2.5);
    }

    private static double[] gaussian(Random random) {
        double[] x = new double[4];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 * random.nextGaussian() + 1;
        }
        return x;
    }
}
