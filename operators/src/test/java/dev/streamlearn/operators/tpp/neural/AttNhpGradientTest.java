package dev.streamlearn.operators.tpp.neural;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.streamlearn.operators.tpp.EventSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.provider.Arguments;

/**
 * PyTorch's autograd through the whole model (attention, prompt retrieval, trapezoid integral, pull
 * term) against central finite differences of the loss, on tiny models in float64. The pull term's
 * query is detached on purpose (L2P: it moves the keys, not the representation), so with a pull
 * weight the check covers the parameters the detached query does not depend on: the last layer's
 * pools and the output layer; with weight 0 it covers every parameter.
 */
class AttNhpGradientTest {
    static final AttNhpConfig TINY = new AttNhpConfig(2, 4, 4, 2, 2, 5, 3, 2, 2, 0.1, 1e-3, 7);
    static final AttNhpConfig NO_PULL = new AttNhpConfig(2, 4, 4, 2, 2, 5, 3, 2, 2, 0, 1e-3, 7);

    static List<EventSequence> sequences() {
        return List.of(
                new EventSequence(
                        new double[] {0.1, 0.5, 0.7, 1.6, 2.0}, new int[] {0, 1, 1, 0, 1}, 3),
                new EventSequence(new double[] {0.3, 1.1, 1.2}, new int[] {1, 0, 0}, 3));
    }

    private static double loss(AttNhp model, List<EventSequence> seqs, NDManager m) {
        try (NDManager sub = m.newSubManager()) {
            TppBatch b = TppBatch.of(seqs, 2, sub, DataType.FLOAT64);
            return model.likelihood(b).loss(model.parameters().config().pull()).getDouble();
        }
    }

    /** The parameters the detached query of the pull term does not depend on. */
    private static boolean besideTheQuery(String name, AttNhpConfig config) {
        return name.startsWith("out.")
                || (AttNhpParameters.inPool(name)
                        && name.contains("." + (config.layers() - 1) + "."));
    }

    static java.util.stream.Stream<Arguments> configs() {
        return java.util.stream.Stream.of(
                Arguments.of(TINY, false),
                Arguments.of(NO_PULL, false),
                Arguments.of(new AttNhpConfig(2, 4, 4, 1, 1, 5, 0, 0, 0, 0, 1e-3, 7), false),
                Arguments.of(new AttNhpConfig(2, 4, 4, 1, 2, 5, 0, 0, 0, 0, 1e-3, 7), false),
                // the garbage collector runs between the forward and the backward pass, as it
                // may in any training step: nothing the backward pass reads may be memory that
                // Java owns (DJL's mul(Number) left its factor there, and the gradients of the
                // attention scores came out 0)
                Arguments.of(TINY, true),
                Arguments.of(NO_PULL, true));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}, a garbage collection between: {1}")
    @org.junit.jupiter.params.provider.MethodSource("configs")
    void autogradMatchesFiniteDifferences(AttNhpConfig config, boolean collectGarbage)
            throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                AttNhpParameters p = AttNhpParameters.initialise(config, m, DataType.FLOAT64)) {
            AttNhp model = new AttNhp(p);
            List<EventSequence> seqs = sequences();
            Map<String, double[]> autograd = new java.util.LinkedHashMap<>();
            try (NDManager sub = m.newSubManager();
                    GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                TppBatch b = TppBatch.of(seqs, 2, sub, DataType.FLOAT64);
                NDArray loss = model.likelihood(b).loss(config.pull());
                if (collectGarbage) {
                    collectGarbage();
                }
                gc.backward(loss);
                p.all()
                        .forEach(
                                (k, a) ->
                                        autograd.put(
                                                k,
                                                a.getGradient()
                                                        .toType(DataType.FLOAT64, false)
                                                        .toDoubleArray()));
            }
            List<String> mismatches = new ArrayList<>();
            int checked = 0;
            int nonZero = 0;
            double h = 1e-6;
            for (Map.Entry<String, NDArray> e : p.all().entrySet()) {
                if (config.pull() > 0 && !besideTheQuery(e.getKey(), config)) {
                    continue;
                }
                NDArray a = e.getValue();
                double[] values = a.toDoubleArray();
                for (int i = 0; i < values.length; i += Math.max(1, values.length / 6)) {
                    double[] plus = values.clone();
                    plus[i] += h;
                    a.set(plus);
                    double up = loss(model, seqs, m);
                    double[] minus = values.clone();
                    minus[i] -= h;
                    a.set(minus);
                    double down = loss(model, seqs, m);
                    a.set(values);
                    double numeric = (up - down) / (2 * h);
                    double analytic = autograd.get(e.getKey())[i];
                    checked++;
                    if (analytic != 0) {
                        nonZero++;
                    }
                    if (Math.abs(numeric - analytic) > 1e-6 + 1e-5 * Math.abs(numeric)) {
                        mismatches.add(e.getKey() + "[" + i + "]: " + analytic + " vs " + numeric);
                    }
                }
            }
            assertThat(mismatches).isEmpty();
            assertThat(nonZero).as("the check must not be vacuous").isGreaterThan(checked / 2);
            // every kind of parameter is in the check, prompts and keys included
            if (config.prompts()) {
                assertThat(p.all().keySet()).contains("0.0.kpool.keys", "1.1.vpool.values");
            }
        }
    }

    /**
     * Runs the collector until the direct buffers nothing refers to are freed (and overwritten).
     */
    private static void collectGarbage() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            for (int i = 0; i < 1000; i++) {
                java.nio.ByteBuffer.allocateDirect(8).putDouble(0, 7);
            }
        }
    }
}
