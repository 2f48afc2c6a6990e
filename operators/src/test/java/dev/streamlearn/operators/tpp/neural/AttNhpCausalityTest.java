package dev.streamlearn.operators.tpp.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamlearn.operators.tpp.EventSequence;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an intensity may depend on: only the events up to its position (no look-ahead through the
 * attention mask, the prompts or their selection), and nothing of the other sequences in its batch
 * (no batch vote, no padding in the query). The reference code fails both: its mask leaves the last
 * 25 key columns unmasked, and its prompts are chosen by a vote over the batch.
 */
class AttNhpCausalityTest {
    private static final AttNhpConfig CONFIG =
            new AttNhpConfig(3, 8, 8, 2, 2, 5, 6, 2, 3, 0.1, 1e-3, 3);
    private static NDManager manager;
    private static AttNhp model;

    @BeforeAll
    static void model() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        model = new AttNhp(AttNhpParameters.initialise(CONFIG, manager, DataType.FLOAT64));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static final EventSequence A =
            new EventSequence(
                    new double[] {0.2, 0.9, 1.0, 2.4, 3.1, 3.3, 4.8},
                    new int[] {0, 2, 1, 1, 0, 2, 2},
                    6);

    /**
     * The intensities {@code (P, G, K)} of {@code seq}, as row {@code row} of a batch of {@code
     * seqs}.
     */
    private static double[][][] intensities(List<EventSequence> seqs, int row, int positions) {
        try (NDManager sub = manager.newSubManager()) {
            TppBatch b = TppBatch.of(seqs, 3, sub, DataType.FLOAT64);
            double[] times = new double[seqs.size() * positions * 4];
            for (int i = 0; i < seqs.size(); i++) {
                for (int p = 0; p < positions; p++) {
                    for (int g = 0; g < 4; g++) {
                        // fixed query offsets after event p: nothing here depends on later events
                        times[(i * positions + p) * 4 + g] =
                                seqs.get(i).times()[Math.min(p, seqs.get(i).size() - 1)]
                                        + 0.15 * (g + 1);
                    }
                }
            }
            NDArray q = sub.create(times, new Shape(seqs.size(), positions, 4));
            double[] flat = model.intensities(model.encode(b), q).toDoubleArray();
            double[][][] out = new double[positions][4][3];
            for (int p = 0; p < positions; p++) {
                for (int g = 0; g < 4; g++) {
                    for (int k = 0; k < 3; k++) {
                        out[p][g][k] = flat[((row * positions + p) * 4 + g) * 3 + k];
                    }
                }
            }
            return out;
        }
    }

    @Test
    void aChangeToAFutureEventNeverChangesAPastIntensity() {
        double[] times = A.times().clone();
        int[] types = A.types().clone();
        types[3] = 2; // event 3 changes type
        times[4] = 2.9; // event 4 comes earlier
        times[6] = 5.5; // the last event later
        EventSequence changed = new EventSequence(times, types, 6);
        double[][][] before = intensities(List.of(A), 0, 7);
        double[][][] after = intensities(List.of(changed), 0, 7);
        for (int p = 0; p < 3; p++) {
            for (int g = 0; g < 4; g++) {
                assertThat(after[p][g]).containsExactly(before[p][g], within(1e-12));
            }
        }
        // and the check is not vacuous: from event 3 on, the intensities do move
        assertThat(Math.abs(after[3][0][0] - before[3][0][0])).isGreaterThan(1e-6);
    }

    @Test
    void aSequencesIntensitiesDoNotDependOnItsBatchCompanions() {
        EventSequence longer =
                new EventSequence(
                        new double[] {0.1, 0.3, 0.5, 1.5, 2.5, 2.6, 2.7, 3.9, 4.0, 5.1, 5.7},
                        new int[] {2, 2, 2, 0, 1, 1, 0, 2, 0, 1, 1},
                        6);
        EventSequence shorter = new EventSequence(new double[] {1.0, 4.0}, new int[] {1, 1}, 6);
        double[][][] alone = intensities(List.of(A), 0, 7);
        double[][][] padded = intensities(List.of(longer, A, shorter), 1, 7);
        for (int p = 0; p < 7; p++) {
            for (int g = 0; g < 4; g++) {
                assertThat(padded[p][g]).containsExactly(alone[p][g], within(1e-12));
            }
        }
    }

    @Test
    void chunkedQueriesEqualOneBlock() {
        EventSequence seq =
                dev.streamlearn.operators.tpp.hawkes.HawkesSimulator.sample(
                                dev.streamlearn.operators.tpp.hawkes.Hawkes.of(
                                        new double[] {0.5, 0.4, 0.3},
                                        new double[][] {{.2, .1, 0}, {.1, .2, .1}, {0, .2, .2}},
                                        1.0),
                                60,
                                1,
                                4)
                        .get(0);
        assertThat(seq.size()).isGreaterThan(70);
        double[][] results = new double[3][];
        int[] chunks = {1000, 32, 7};
        for (int i = 0; i < chunks.length; i++) {
            try (NDManager sub = manager.newSubManager()) {
                AttNhp chunked = new AttNhp(model.parameters(), chunks[i]);
                TppBatch b = TppBatch.of(List.of(seq, A), 3, sub, DataType.FLOAT64);
                results[i] = chunked.likelihood(b).total().toDoubleArray();
            }
        }
        assertThat(results[1]).containsExactly(results[0], within(1e-9));
        assertThat(results[2]).containsExactly(results[0], within(1e-9));
    }

    @Test
    void theLastEventAloneScoresAsInTheWholeSequence() {
        // the per-event path equals the difference of the whole likelihoods of two prefixes
        try (NDManager sub = manager.newSubManager()) {
            EventSequence six =
                    new EventSequence(
                            java.util.Arrays.copyOf(A.times(), 6),
                            java.util.Arrays.copyOf(A.types(), 6),
                            6);
            EventSequence five =
                    new EventSequence(
                            java.util.Arrays.copyOf(A.times(), 5),
                            java.util.Arrays.copyOf(A.types(), 5),
                            6);
            double whole6 =
                    model.likelihood(TppBatch.of(List.of(six), 3, sub, DataType.FLOAT64))
                            .total()
                            .getDouble();
            double whole5 =
                    model.likelihood(TppBatch.of(List.of(five), 3, sub, DataType.FLOAT64))
                            .total()
                            .getDouble();
            double last =
                    model.lastEvent(TppBatch.of(List.of(six), 3, sub, DataType.FLOAT64))
                            .total()
                            .getDouble();
            assertThat(last).isCloseTo(whole6 - whole5, within(1e-12));
        }
    }

    @Test
    void anEncodingForTheLastPositionsGivesTheirIntensitiesUnchanged() {
        try (NDManager sub = manager.newSubManager()) {
            TppBatch b = TppBatch.of(List.of(A), 3, sub, DataType.FLOAT64);
            double[] times = new double[3 * 4];
            for (int p = 0; p < 3; p++) {
                for (int g = 0; g < 4; g++) {
                    times[p * 4 + g] = A.times()[4 + p] + 0.15 * (g + 1);
                }
            }
            NDArray q = sub.create(times, new Shape(1, 3, 4));
            AttNhp.Encoded full = model.encode(b);
            AttNhp.Encoded last = model.encode(b, 4);
            assertThat(model.intensities(last, q, 4).toDoubleArray())
                    .containsExactly(model.intensities(full, q, 4).toDoubleArray(), within(1e-12));
            assertThat(last.pull().getDouble()).isCloseTo(full.pull().getDouble(), within(1e-12));
            NDArray earlier = q.get("0:1, 0:1, :");
            assertThatThrownBy(() -> model.intensities(last, earlier, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("position 3 queried")
                    .hasMessageContaining("positions 4 on only");
        }
    }
}
