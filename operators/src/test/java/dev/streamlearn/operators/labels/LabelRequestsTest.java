package dev.streamlearn.operators.labels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelRequestsTest {

    @Test
    void answersAreMatchedLateDuplicateOrUnknown() throws Exception {
        LabelRequests r = new LabelRequests(2);
        r.open("a", new double[] {1}, 0, false, 10);
        r.open("b", new double[] {2}, 1, true, 20);
        assertThat(r.expire(10)).containsExactly("a");
        assertThat(r.answer("a").outcome()).isEqualTo(LabelRequests.Outcome.LATE);
        assertThat(r.answer("a").outcome()).isEqualTo(LabelRequests.Outcome.LATE);
        LabelRequests.Answer b = r.answer("b");
        assertThat(b.outcome()).isEqualTo(LabelRequests.Outcome.MATCHED);
        assertThat(b.request().x()).containsExactly(2);
        assertThat(b.request().scored()).isTrue();
        assertThat(r.answer("b").outcome()).isEqualTo(LabelRequests.Outcome.DUPLICATE);
        assertThat(r.answer("z").outcome()).isEqualTo(LabelRequests.Outcome.UNKNOWN);

        // capacity 2: a third open request expires the oldest; closed ids are remembered, bounded
        r.open("c", new double[] {3}, 0, false, 30);
        r.open("d", new double[] {4}, 0, false, 40);
        r.open("e", new double[] {5}, 0, false, 50);
        assertThat(r.awaiting()).isEqualTo(2);
        assertThat(r.answer("c").outcome()).isEqualTo(LabelRequests.Outcome.LATE);
        assertThat(r.answer("a").outcome())
                .as("forgotten")
                .isEqualTo(LabelRequests.Outcome.UNKNOWN);

        LabelRequestsCodec codec = new LabelRequestsCodec();
        LabelRequests back = codec.decode(codec.encode(r));
        assertThat(codec.encode(back)).as("re-encoded the same").isEqualTo(codec.encode(r));
        assertThat(back.received()).isEqualTo(1);
        assertThat(back.expired()).isEqualTo(2);
        assertThat(back.late()).isEqualTo(3);
        assertThat(back.duplicate()).isEqualTo(1);
        assertThat(back.unknown()).isEqualTo(2);
        assertThat(back.awaiting()).isEqualTo(2);
        assertThat(back.answer("d").outcome()).isEqualTo(LabelRequests.Outcome.MATCHED);
        assertThat(back.answer("c").outcome()).isEqualTo(LabelRequests.Outcome.LATE);
        assertThat(back.expire(Long.MAX_VALUE)).containsExactly("e");
    }
}
