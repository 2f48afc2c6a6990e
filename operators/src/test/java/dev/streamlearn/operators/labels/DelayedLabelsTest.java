package dev.streamlearn.operators.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamlearn.operators.ModelCodecs;
import org.junit.jupiter.api.Test;

class DelayedLabelsTest {

    @Test
    void aLabelReleasesItsWaitingInstanceOnce() {
        DelayedLabels d = new DelayedLabels(10);
        d.await("a", new double[] {1, 2}, 1);
        d.await("b", new double[] {3, 4}, 0);
        DelayedLabels.Pending a = d.match("a");
        assertThat(a.x()).containsExactly(1, 2);
        assertThat(a.predicted()).isEqualTo(1);
        assertThat(d.match("a")).as("matched once").isNull();
        assertThat(d.pending()).isEqualTo(1);
    }

    @Test
    void theOldestUnlabelledInstanceIsGivenUpBeyondTheCapacity() {
        DelayedLabels d = new DelayedLabels(2);
        d.await("a", new double[] {1}, 0);
        d.await("b", new double[] {2}, 0);
        d.await("c", new double[] {3}, 0);
        assertThat(d.givenUp()).isEqualTo(1);
        assertThat(d.match("a")).isNull();
        assertThat(d.match("b")).isNotNull();
        assertThat(d.match("c")).isNotNull();
    }

    @Test
    void earlyLabelsWaitBoundedAndTheOnesPushedOutAreReturned() {
        DelayedLabels d = new DelayedLabels(2);
        assertThat(d.holdEarly("x", 1)).isEmpty();
        assertThat(d.holdEarly("y", 0)).isEmpty();
        assertThat(d.holdEarly("z", 1)).containsExactly(new DelayedLabels.EarlyLabel("x", 1));
        // a second label for "y" replaces the first, which is returned
        assertThat(d.holdEarly("y", 1)).containsExactly(new DelayedLabels.EarlyLabel("y", 0));
        assertThat(d.takeEarly("y")).isEqualTo(1);
        assertThat(d.takeEarly("y")).isNull();
        assertThat(d.early()).isEqualTo(1);
    }

    @Test
    void codecRoundTripKeepsOrderAndCounts() {
        DelayedLabels d = new DelayedLabels(3);
        for (int i = 0; i < 5; i++) {
            d.await("i" + i, new double[] {i, -i}, i % 2);
        }
        d.holdEarly("early-\u00e9", 1);
        byte[] bytes = ModelCodecs.ALL.encode(d);
        DelayedLabels back = ModelCodecs.ALL.decode(bytes, DelayedLabels.class);
        assertThat(new DelayedLabelsCodec().encode(back)).isEqualTo(bytes);
        assertThat(back.capacity()).isEqualTo(3);
        assertThat(back.givenUp()).isEqualTo(2);
        assertThat(back.pending()).isEqualTo(3);
        assertThat(back.match("i2").x()).containsExactly(2, -2);
        assertThat(back.match("i4").predicted()).isZero();
        assertThat(back.takeEarly("early-\u00e9")).isEqualTo(1);
        // the oldest left is the first to go
        back.await("n1", new double[] {0}, 0);
        back.await("n2", new double[] {0}, 0);
        back.await("n3", new double[] {0}, 0);
        assertThat(back.match("i3")).isNull();
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new DelayedLabels(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity 0");
    }
}
