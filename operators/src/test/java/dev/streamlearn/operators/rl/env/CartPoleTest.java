package dev.streamlearn.operators.rl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** CartPole-v1 against Gymnasium's reference steps, and its episode semantics. */
class CartPoleTest {
    private static final double[] START = {0.01, 0.02, 0.03, 0.04};

    private record Row(String kase, int step, int action, double[] next, boolean terminated) {}

    private static List<Row> vectors() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(
                                Objects.requireNonNull(
                                        CartPoleTest.class.getResourceAsStream(
                                                "/rl/cartpole_vectors.txt")),
                                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                double[] next = new double[4];
                for (int i = 0; i < 4; i++) {
                    next[i] = Double.parseDouble(f[3 + i]);
                }
                rows.add(
                        new Row(
                                f[0],
                                Integer.parseInt(f[1]),
                                Integer.parseInt(f[2]),
                                next,
                                Boolean.parseBoolean(f[7])));
            }
        }
        return rows;
    }

    @Test
    void matchesTheReferenceVectorsTo1e12() throws IOException {
        List<Row> rows = vectors();
        assertThat(rows).hasSize(9);

        CartPole env = new CartPole(0);
        env.setState(START);
        int checked = 0;
        for (Row row : rows) {
            if (!row.kase().equals("A")) {
                continue;
            }
            Environment.Step s = env.step(row.action());
            assertThat(env.state()).containsExactly(row.next(), within(1e-12));
            assertThat(s.terminated()).isEqualTo(row.terminated());
            assertThat(s.reward()).isEqualTo(1.0);
            for (int i = 0; i < 4; i++) {
                assertThat(s.observation()[i]).isEqualTo((double) (float) row.next()[i]);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(8);

        Row b = rows.stream().filter(r -> r.kase().equals("B")).findFirst().orElseThrow();
        env.setState(START);
        Environment.Step s = null;
        for (int step = 1; step <= b.step(); step++) {
            s = env.step(1);
            assertThat(s.terminated()).as("step %s", step).isEqualTo(step == b.step());
        }
        assertThat(env.state()).containsExactly(b.next(), within(1e-12));
        assertThat(env.state()[2]).isCloseTo(-0.2235691808247548, within(1e-12));
        assertThat(s.reward()).as("the terminal step is rewarded too").isEqualTo(1.0);
        assertThat(s.truncated()).isFalse();
        assertThatThrownBy(() -> env.step(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reset()");
    }

    @Test
    void truncatesAt500StepsWithoutTerminating() {
        CartPole env = new CartPole(3);
        assertThat(env.maxEpisodeSteps()).isEqualTo(500);
        double[] obs = env.reset();
        int steps = 0;
        Environment.Step s;
        do {
            // a PD controller that balances the pole
            int a = obs[2] + 0.5 * obs[3] + 0.01 * obs[0] + 0.1 * obs[1] > 0 ? 1 : 0;
            s = env.step(a);
            obs = s.observation();
            steps++;
        } while (!s.done());
        assertThat(steps).isEqualTo(500);
        assertThat(s.truncated()).isTrue();
        assertThat(s.terminated()).isFalse();
    }

    @Test
    void seededResetsAreReproducibleAndUniformInTheGymnasiumRange() {
        CartPole a = new CartPole(11);
        CartPole b = new CartPole(11);
        for (int episode = 0; episode < 50; episode++) {
            double[] oa = a.reset();
            assertThat(oa).containsExactly(b.reset());
            for (double v : oa) {
                assertThat(v).isBetween(-0.05, 0.05);
                assertThat(v).isEqualTo((double) (float) v);
            }
        }
        assertThat(new CartPole(12).reset()).isNotEqualTo(new CartPole(11).reset());
        assertThat(a.reset(5)).containsExactly(new CartPole(5).reset());
    }

    @Test
    void rejectsInvalidActions() {
        CartPole env = new CartPole(1);
        env.reset();
        assertThatThrownBy(() -> env.step(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 and 1");
    }
}
