package dev.streamlearn.jobs.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.connectors.records.TppEvent;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.continual.Task;
import dev.streamlearn.operators.tpp.hawkes.HawkesLikelihood;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The regime stream's truth against the closed-form Hawkes likelihood of each entity's segment
 * ({@link HawkesLikelihood#easyTpp}, computed apart from the per-event recursion the stream uses),
 * on the events exactly as written (milliseconds).
 */
class HawkesEventsTest {

    @Test
    void eachSegmentsTruthSumsToTheClosedFormLikelihoodOfTheWrittenEvents() {
        HawkesEvents.Config c =
                new HawkesEvents.Config(HawkesEvents.Kind.REGIMES, 5, 20, 1, 1_000_000, 3);
        List<TppEvent> all = HawkesEvents.generate(c);
        for (int s = 0; s < 4; s++) {
            var regime =
                    List.of(Task.regimeA(), Task.regimeB(), Task.regimeA(), Task.regimeC()).get(s);
            long from = 1_000_000 + s * 20_000L;
            for (int e = 0; e < 5; e++) {
                String entity = "u" + e;
                List<TppEvent> seg = new ArrayList<>();
                for (TppEvent ev : all) {
                    if (ev.entity().equals(entity) && ev.ts() >= from && ev.ts() < from + 20_000) {
                        seg.add(ev);
                    }
                }
                if (seg.size() < 2) {
                    continue;
                }
                double[] t = new double[seg.size()];
                int[] k = new int[seg.size()];
                double truth = 0;
                for (int i = 0; i < t.length; i++) {
                    t[i] = (seg.get(i).ts() - from) / 1000.0;
                    k[i] = seg.get(i).type();
                    if (i > 0) {
                        truth += seg.get(i).truthLogLikelihood();
                    }
                }
                assertThat(seg.get(0).hasTruth())
                        .as("a segment's first event only conditions")
                        .isFalse();
                double closedForm =
                        HawkesLikelihood.easyTpp(regime, new EventSequence(t, k, t[t.length - 1]))
                                .total();
                assertThat(truth)
                        .as("segment %d of %s", s, entity)
                        .isCloseTo(closedForm, within(1e-9));
            }
        }
    }

    @Test
    void eventsComeInTimeOrder() {
        List<TppEvent> all =
                HawkesEvents.generate(
                        new HawkesEvents.Config(HawkesEvents.Kind.GRADUAL, 4, 10, 3, 0, 1));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).ts()).isGreaterThanOrEqualTo(all.get(i - 1).ts());
        }
        assertThat(all).isNotEmpty();
    }
}
