package dev.streamlearn.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.flink.ModelFunction.Figures;
import org.junit.jupiter.api.Test;

/** The web UI's figures summarise every key of the subtask, not the key that came last. */
class ModelFunctionFiguresTest {

    /** A model with two figures. */
    record Model(double accuracy, long labels) {}

    private static Figures<Model> figures() {
        return new Figures<Model>()
                .meanAndLowest("accuracy", Model::accuracy)
                .meanAndHighest("loss", m -> 1 - m.accuracy())
                .mean("plain", Model::accuracy)
                .total("labels", m -> m.labels());
    }

    @Test
    void meansWorstAndTotalsAreOverEveryKeyNotTheLastOne() {
        Figures<Model> f = figures();
        f.update("s1", new Model(0.9, 10));
        f.update("s2", new Model(0.6, 5));
        f.update("s3", new Model(0.75, 1));
        f.publish(System.nanoTime());

        assertThat(f.keys()).isEqualTo(3);
        assertThat(f.gauge("accuracy")).isCloseTo(0.75, within(1e-12));
        assertThat(f.gauge("accuracyLowest")).isEqualTo(0.6);
        assertThat(f.gauge("loss")).isCloseTo(0.25, within(1e-12));
        assertThat(f.gauge("lossHighest")).isCloseTo(0.4, within(1e-12));
        assertThat(f.gauge("plain")).isCloseTo(0.75, within(1e-12));
        assertThat(f.gauge("labels")).isEqualTo(16.0);
    }

    @Test
    void aKeyUpdatedAgainCountsOnceAndAnUnloadedKeyNoMore() {
        Figures<Model> f = figures();
        f.update("s1", new Model(0.9, 10));
        f.update("s2", new Model(0.6, 5));
        f.update("s2", new Model(0.7, 6));
        f.publish(System.nanoTime());
        assertThat(f.keys()).isEqualTo(2);
        assertThat(f.gauge("accuracy")).isCloseTo(0.8, within(1e-12));
        assertThat(f.gauge("labels")).isEqualTo(16.0);

        f.remove("s1");
        assertThat(f.keys()).isEqualTo(1);
        assertThat(f.gauge("accuracy")).isCloseTo(0.7, within(1e-12));
        assertThat(f.gauge("labels")).isEqualTo(6.0);
    }

    @Test
    void aFigureThatIsNotANumberYetIsLeftOutOfTheMean() {
        Figures<Model> f = figures();
        f.update("a1", new Model(Double.NaN, 0));
        f.publish(System.nanoTime());
        assertThat(f.gauge("accuracy")).isZero();
        assertThat(f.gauge("accuracyLowest")).isZero();
        f.update("a2", new Model(0.5, 0));
        f.publish(System.nanoTime());
        assertThat(f.gauge("accuracy")).isEqualTo(0.5);
        assertThat(f.keys()).isEqualTo(2);
    }
}
