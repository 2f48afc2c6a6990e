package dev.streamlearn.operators.tpp.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.NextEventForecast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forecasts of {@link NeuralTpp#forecast}: histories grouped by length (no padding, so a
 * history's numbers do not depend on the others in its batch), each group encoded once; the
 * intensities after the second newest event give the newest event's likelihood (the trapezoid
 * points of {@link AttNhp#likelihood}) and what was expected of it, those after the newest give the
 * forecast of the next event.
 *
 * <p>The prediction grid is queried at both positions, and neither query follows from the other:
 * the intensity after the second newest event attends to one event fewer and starts one event
 * earlier. The first is the forecast the previous event's score carried only when that score saw
 * the same history and model version, which a sliding history and a new version break, so it is
 * computed again. The encoding's last layers retrieve their prompts for these two positions only
 * ({@link AttNhp#encode(TppBatch, int)}).
 */
final class Forecasts {
    /** Histories per forward pass: bounds the memory of one batch. */
    static final int MAX_BATCH = 256;

    private Forecasts() {}

    static List<NextEventForecast> of(NeuralTpp tpp, List<EventSequence> histories) {
        NextEventForecast[] out = new NextEventForecast[histories.size()];
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < histories.size(); i++) {
            if (histories.get(i).size() == 0) {
                throw new IllegalArgumentException("history " + i + " has no event");
            }
            byLength.computeIfAbsent(histories.get(i).size(), n -> new ArrayList<>()).add(i);
        }
        AttNhp.inferenceMode();
        for (List<Integer> group : byLength.values()) {
            for (int a = 0; a < group.size(); a += MAX_BATCH) {
                List<Integer> chunk = group.subList(a, Math.min(group.size(), a + MAX_BATCH));
                List<EventSequence> seqs = new ArrayList<>(chunk.size());
                chunk.forEach(i -> seqs.add(histories.get(i)));
                List<NextEventForecast> f = sameLength(tpp, seqs);
                for (int j = 0; j < chunk.size(); j++) {
                    out[chunk.get(j)] = f.get(j);
                }
            }
        }
        return Arrays.asList(out);
    }

    /** Histories of one length {@code l}: one encoding, queries after events l−2 and l−1. */
    private static List<NextEventForecast> sameLength(NeuralTpp tpp, List<EventSequence> seqs) {
        AttNhp model = tpp.model();
        int k = tpp.config().types();
        int l = seqs.get(0).size();
        int points = tpp.config().integralPoints();
        double[] grid = tpp.predictionGrid();
        float[] before = null;
        float[] after;
        try (NDManager sub = tpp.manager().newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TppBatch b = TppBatch.of(seqs, k, sub, DataType.FLOAT32);
            AttNhp.Encoded enc = model.encode(b, Math.max(0, l - 2));
            NDArray offsets = sub.create(grid).toType(DataType.FLOAT32, false);
            if (l >= 2) {
                NDArray from = b.times().get(new NDIndex(":, {}:{}", l - 2, l - 1));
                NDArray gap = b.times().get(new NDIndex(":, {}:", l - 1)).sub(from);
                NDArray onGap = gap.expandDims(2).mul(model.trapezoidPoints(sub));
                NDArray ahead =
                        offsets.reshape(1, 1, -1).broadcast(new Shape(seqs.size(), 1, grid.length));
                NDArray queries = from.expandDims(2).add(onGap.concat(ahead, 2));
                before = model.intensities(enc, queries, l - 2).toFloatArray();
            }
            NDArray last = b.times().get(new NDIndex(":, {}:", l - 1));
            after = model.intensities(enc, last.expandDims(2).add(offsets), l - 1).toFloatArray();
        }
        List<NextEventForecast> out = new ArrayList<>(seqs.size());
        int row = (points + grid.length) * k;
        for (int s = 0; s < seqs.size(); s++) {
            EventSequence seq = seqs.get(s);
            NeuralTpp.NextEvent next = NeuralTpp.NextEvent.of(after, s * grid.length * k, grid, k);
            double[] nextTypes = typeProbabilities(after, s * grid.length * k, grid, k);
            if (before == null) {
                out.add(
                        new NextEventForecast(
                                Double.NaN, Double.NaN, Double.NaN, -1, next.gap(), nextTypes));
                continue;
            }
            int base = s * row;
            int type = seq.types()[l - 1];
            double eventLog = Math.log(before[base + (points - 1) * k + type] + 1e-12);
            double compensator = trapezoid(before, base, points, k) * seq.gap(l - 1);
            int gridBase = base + points * k;
            NeuralTpp.NextEvent expected = NeuralTpp.NextEvent.of(before, gridBase, grid, k);
            double[] p = typeProbabilities(before, gridBase, grid, k);
            out.add(
                    new NextEventForecast(
                            eventLog,
                            compensator,
                            expected.gap(),
                            argmax(p),
                            next.gap(),
                            nextTypes));
        }
        return out;
    }

    /** The trapezoid mean of the total intensity on the {@code points} evenly spaced points. */
    private static double trapezoid(float[] lambda, int base, int points, int k) {
        double sum = 0;
        for (int g = 0; g < points; g++) {
            double total = 0;
            for (int j = 0; j < k; j++) {
                total += lambda[base + g * k + j];
            }
            sum += (g == 0 || g == points - 1 ? 0.5 : 1) * total;
        }
        return sum / (points - 1);
    }

    /**
     * The next event's type distribution, {@code P(k) = ∫ λ_k(u) S(u) du}, by the trapezoid rule on
     * the grid plus the tail beyond it at the last intensities ({@code S(U) λ_k(U)/λ(U)}).
     */
    static double[] typeProbabilities(float[] lambda, int base, double[] grid, int k) {
        double[] p = new double[k];
        double cumulative = 0;
        double survival = 1;
        double total = 0;
        for (int g = 1; g < grid.length; g++) {
            double h = grid[g] - grid[g - 1];
            double lo = 0;
            double hi = 0;
            for (int j = 0; j < k; j++) {
                lo += lambda[base + (g - 1) * k + j];
                hi += lambda[base + g * k + j];
            }
            cumulative += h * (lo + hi) / 2;
            double next = Math.exp(-cumulative);
            for (int j = 0; j < k; j++) {
                p[j] +=
                        h
                                * (survival * lambda[base + (g - 1) * k + j]
                                        + next * lambda[base + g * k + j])
                                / 2;
            }
            survival = next;
            total = hi;
        }
        int last = base + (grid.length - 1) * k;
        double sum = 0;
        for (int j = 0; j < k; j++) {
            p[j] += survival * lambda[last + j] / Math.max(total, 1e-12);
            sum += p[j];
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return p;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }
}
