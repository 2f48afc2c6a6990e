package dev.streamlearn.operators.driftmoe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DriftMoe#topK} selects what sorting every index does (the implementation before the
 * selection, kept here as the oracle): the same indexes in the same order on random weights with
 * ties, zeros of both signs, infinities and NaN, for every k.
 */
class DriftMoeTopKTest {

    @Test
    void selectsWhatTheStableSortOfAllIndexesPutsFirst() {
        Random r = new Random(19);
        double[] pool = {0.0, -0.0, 0.25, 0.5, Double.NaN, Double.POSITIVE_INFINITY, -1};
        for (int trial = 0; trial < 20_000; trial++) {
            double[] w = new double[1 + r.nextInt(40)];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextInt(3) == 0 ? pool[r.nextInt(pool.length)] : r.nextDouble();
            }
            int k = r.nextInt(w.length + 2);
            assertThat(DriftMoe.topK(w, k))
                    .as(Arrays.toString(w) + " k=" + k)
                    .containsExactly(sorted(w, k));
        }
    }

    private static int[] sorted(double[] w, int k) {
        Integer[] idx = new Integer[w.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(
                idx, (a, b) -> w[a] != w[b] ? Double.compare(w[b], w[a]) : Integer.compare(a, b));
        int[] out = new int[Math.min(k, w.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
