package dev.streamlearn.operators.nn;

import static dev.streamlearn.operators.nn.MlpFixtures.gaussian;
import static dev.streamlearn.operators.nn.MlpFixtures.multiHot;
import static dev.streamlearn.operators.nn.MlpFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamlearn.operators.ModelCodecs;
import dev.streamlearn.operators.nn.MlpFixtures.Param;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Adam's updates against the formula of Kingma and Ba with bias correction, and its codec. */
class AdamTest {
    /** A 2 -> 1 network: weights w[0][0], w[0][1] and bias b[0][0]. */
    private static final int[] TINY = {2, 1};

    @Test
    void firstStepMovesEachParameterByLrTimesTheGradientsSign() {
        Mlp net = new Mlp(TINY, 0, 1);
        double[] before = values(net);
        double lr = 0.1;
        Adam adam = new Adam(net, lr);

        Mlp.Gradients g = gradients(net, 0.5, -2, 0);
        adam.step(net, g);

        // t = 1: m_hat = g, v_hat = g^2, so the step is lr * g / (|g| + eps)
        double eps = 1e-8;
        double[] after = values(net);
        assertThat(after[0]).isCloseTo(before[0] - lr * 0.5 / (0.5 + eps), within(1e-15));
        assertThat(after[1]).isCloseTo(before[1] - lr * -2 / (2 + eps), within(1e-15));
        assertThat(after[2]).as("zero gradient, no move").isEqualTo(before[2]);
        assertThat(adam.steps()).isEqualTo(1);
    }

    @Test
    void constantGradientMovesByLrPerStep() {
        Mlp net = new Mlp(TINY, 0, 2);
        double[] before = values(net);
        Adam adam = new Adam(net, 0.01);
        for (int t = 0; t < 3; t++) {
            adam.step(net, gradients(net, 3, -0.25, 1e-3));
        }
        // with a constant g, m_hat = g and v_hat = g^2 at every t: three steps of lr * sign(g)
        double[] after = values(net);
        assertThat(after[0] - before[0]).isCloseTo(-3 * 0.01 * 3 / (3 + 1e-8), within(1e-14));
        assertThat(after[1] - before[1]).isCloseTo(3 * 0.01 * 0.25 / (0.25 + 1e-8), within(1e-14));
        assertThat(after[2] - before[2]).isCloseTo(-3 * 0.01 * 1e-3 / (1e-3 + 1e-8), within(1e-14));
        assertThat(adam.steps()).isEqualTo(3);
    }

    @Test
    void threeStepsFollowTheBiasCorrectedFormula() {
        double lr = 0.05;
        double beta1 = 0.8;
        double beta2 = 0.95;
        double eps = 1e-3;
        Mlp net = new Mlp(TINY, 0, 3);
        double[] p = values(net);
        Adam adam = new Adam(net, lr, beta1, beta2, eps);
        double[][] grads = {{0.5, -2, 0.1}, {-0.3, 1, 0.1}, {0.8, 0.4, -0.6}};

        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= 3; t++) {
            double[] gt = grads[t - 1];
            adam.step(net, gradients(net, gt[0], gt[1], gt[2]));
            for (int i = 0; i < 3; i++) {
                // m_t = b1 m + (1 - b1) g;  v_t = b2 v + (1 - b2) g^2
                m[i] = beta1 * m[i] + (1 - beta1) * gt[i];
                v[i] = beta2 * v[i] + (1 - beta2) * gt[i] * gt[i];
                // p -= lr * (m_t / (1 - b1^t)) / (sqrt(v_t / (1 - b2^t)) + eps)
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat = v[i] / (1 - Math.pow(beta2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
            assertThat(values(net)).as("after step %s", t).containsExactly(p, within(1e-14));
        }
        // hand-computed first step of w[0][0]: 0.05 * 0.5 / (0.5 + 0.001)
        Mlp fresh = new Mlp(TINY, 0, 3);
        double w0 = fresh.weight(0, 0);
        new Adam(fresh, lr, beta1, beta2, eps).step(fresh, gradients(fresh, 0.5, 0, 0));
        assertThat(fresh.weight(0, 0)).isCloseTo(w0 - 0.0499001996007984, within(1e-15));
    }

    @Test
    void roundTripContinuesIdentically() {
        int[] sizes = {4, 8, 5, 3};
        double lr = 2e-3;
        Random random = new Random(9);
        Mlp net = new Mlp(sizes, 0.2, 17);
        Adam adam = new Adam(net, lr);
        for (int k = 0; k < 3; k++) {
            trainStep(net, adam, gaussian(random, 4), multiHot(random, 3));
        }

        Mlp netCopy = ModelCodecs.ALL.decode(ModelCodecs.ALL.encode(net), Mlp.class);
        byte[] bytes = ModelCodecs.ALL.encode(adam);
        Adam adamCopy = ModelCodecs.ALL.decode(bytes, Adam.class);
        assertThat(adamCopy.steps()).isEqualTo(3);
        assertThat(adamCopy.fits(netCopy)).isTrue();
        assertThat(ModelCodecs.ALL.encode(adamCopy)).isEqualTo(bytes);

        for (int k = 0; k < 4; k++) {
            double[] x = gaussian(random, 4);
            double[] y = multiHot(random, 3);
            trainStep(net, adam, x, y);
            trainStep(netCopy, adamCopy, x, y);
        }
        List<Param> all = params(sizes);
        for (Param p : all) {
            assertThat(p.get(netCopy)).as("%s", p).isEqualTo(p.get(net));
        }
        assertThat(adamCopy.steps()).isEqualTo(adam.steps()).isEqualTo(7);
    }

    @Test
    void readsTheBareMomentsThatOwnersWroteBeforeTheCodec() throws IOException {
        // DriftMoE's codec up to version 4 wrote the step count and the moments alone: the end
        // of the codec's version 1, after the hyperparameters and the layer widths
        int[] sizes = {3, 6, 2};
        Random random = new Random(3);
        Mlp net = new Mlp(sizes, 0, 5);
        Adam adam = new Adam(net, 1e-3);
        for (int k = 0; k < 2; k++) {
            trainStep(net, adam, gaussian(random, 3), multiHot(random, 2));
        }
        byte[] bytes = new AdamCodec().encode(adam);
        int bare = 2 + "adam".length() + 4 + 4 * 8 + 4 + 4 * sizes.length;
        Adam read;
        try (DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes, bare, bytes.length - bare))) {
            read = AdamCodec.readBare(in, net, 1e-3);
            assertThat(in.read()).as("everything written is read").isEqualTo(-1);
        }
        assertThat(new AdamCodec().encode(read)).isEqualTo(bytes);
    }

    @Test
    void trainingReducesTheLossOfAFixedExample() {
        int[] sizes = {3, 16, 8, 4};
        Mlp net = new Mlp(sizes, 0, 4);
        Adam adam = new Adam(net, 2e-3);
        double[] x = {0.5, -1, 2};
        double[] y = {1, 0, 0, 1};
        double initial = Losses.bceWithLogits(net.forward(x, false).output(), y, null);
        for (int k = 0; k < 200; k++) {
            trainStep(net, adam, x, y);
        }
        double trained = Losses.bceWithLogits(net.forward(x, false).output(), y, null);
        assertThat(trained).isLessThan(initial / 2);
    }

    @Test
    void rejectsANonPositiveLearningRate() {
        Mlp net = new Mlp(TINY, 0, 1);
        assertThatThrownBy(() -> new Adam(net, 0)).hasMessageContaining("learning rate");
    }

    private static void trainStep(Mlp net, Adam adam, double[] x, double[] y) {
        Mlp.Pass pass = net.forward(x, true);
        double[] dOut = new double[y.length];
        Losses.bceWithLogits(pass.output(), y, dOut);
        Mlp.Gradients g = net.zeroGradients();
        net.backward(pass, dOut, g);
        adam.step(net, g);
    }

    private static Mlp.Gradients gradients(Mlp tiny, double gw0, double gw1, double gb) {
        Mlp.Gradients g = tiny.zeroGradients();
        // weights[layer][input][output]
        g.weights[0][0][0] = gw0;
        g.weights[0][1][0] = gw1;
        g.biases[0][0] = gb;
        return g;
    }

    private static double[] values(Mlp tiny) {
        return new double[] {tiny.weight(0, 0), tiny.weight(0, 1), tiny.bias(0, 0)};
    }
}
