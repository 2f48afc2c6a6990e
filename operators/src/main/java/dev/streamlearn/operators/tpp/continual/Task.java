package dev.streamlearn.operators.tpp.continual;

import dev.streamlearn.operators.tpp.EventSequence;
import dev.streamlearn.operators.tpp.hawkes.Hawkes;
import dev.streamlearn.operators.tpp.hawkes.HawkesSimulator;
import java.util.ArrayList;
import java.util.List;

/**
 * One window of the stream: the regime that generates it, and its own training, development and
 * test sequences.
 *
 * @param name the task's name, e.g. {@code "A"}, {@code "B"}, {@code "A2"}
 * @param regime the regime's name; recurring regimes share it
 */
public record Task(
        String name,
        String regime,
        Hawkes truth,
        List<EventSequence> train,
        List<EventSequence> dev,
        List<EventSequence> test) {

    /** The reference configuration of the notes (regime A). */
    public static Hawkes regimeA() {
        return Hawkes.of(
                new double[] {0.3, 0.2, 0.1},
                new double[][] {{.3, .1, 0}, {.2, .4, .1}, {0, .3, .3}},
                1.5);
    }

    /** Regime B: A with its types permuted ({@code μ_B = Pμ}, {@code A_B = PAPᵀ}) and β = 3. */
    public static Hawkes regimeB() {
        return regimeA().permuted(new int[] {2, 0, 1}, 3.0);
    }

    /** Regime C: twice A's background, half its excitation, β = 0.7. */
    public static Hawkes regimeC() {
        return regimeA().scaled(2, 0.5, 0.7);
    }

    /**
     * The notes' recurring stream A → B → A → C, each task with {@code sequences} training and test
     * sequences and half as many development ones on {@code [0, horizon]}, drawn from {@code seed}.
     */
    public static List<Task> recurring(int sequences, double horizon, long seed) {
        Hawkes[] regimes = {regimeA(), regimeB(), regimeA(), regimeC()};
        String[] names = {"A", "B", "A2", "C"};
        String[] regimeNames = {"A", "B", "A", "C"};
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < regimes.length; i++) {
            tasks.add(
                    sample(
                            names[i],
                            regimeNames[i],
                            regimes[i],
                            sequences,
                            horizon,
                            seed + 1000L * i));
        }
        return tasks;
    }

    /**
     * The gradual variant: {@code tasks} windows of a drifting regime A, {@code μ(τ) = μ₀(1 + 0.5
     * sin 2πτ/T)} and {@code β(τ) = β₀·2^(τ/T)} for window {@code τ} of {@code T}.
     */
    public static List<Task> gradual(int tasks, int sequences, double horizon, long seed) {
        List<Task> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            Hawkes h = gradualRegime(t, tasks);
            out.add(sample("W" + (t + 1), "W" + (t + 1), h, sequences, horizon, seed + 1000L * t));
        }
        return out;
    }

    /** Window {@code t} of {@code tasks} of the gradual drift of regime A. */
    public static Hawkes gradualRegime(int t, int tasks) {
        Hawkes a = regimeA();
        double muFactor = 1 + 0.5 * Math.sin(2 * Math.PI * t / tasks);
        return a.scaled(muFactor, 1, a.beta() * Math.pow(2, (double) t / tasks));
    }

    private static Task sample(
            String name, String regime, Hawkes h, int sequences, double horizon, long seed) {
        return new Task(
                name,
                regime,
                h,
                HawkesSimulator.sample(h, horizon, sequences, seed),
                HawkesSimulator.sample(h, horizon, Math.max(1, sequences / 2), seed + 1),
                HawkesSimulator.sample(h, horizon, sequences, seed + 2));
    }
}
