package dev.streamlearn.operators.tpp.hawkes;

/**
 * The history of one entity as a Hawkes process sees it: for each type {@code j} the decayed count
 * {@code R_j(t) = Σ_{t_m^j ≤ now} e^(−β(t − t_m^j))} at the current time, so that intensities,
 * compensators and survival over the next gap cost {@code O(K²)} whatever the history's length.
 * Events at the current time count (the intensity right after them, {@code λ(t⁺)}).
 */
public final class HawkesState {
    private final Hawkes process;
    private final double[] decayed;
    private double now;

    public HawkesState(Hawkes process) {
        this.process = process;
        this.decayed = new double[process.types()];
    }

    public Hawkes process() {
        return process;
    }

    /** The current time. */
    public double now() {
        return now;
    }

    /** Moves the clock forward to {@code t}, decaying the history. */
    public void advanceTo(double t) {
        if (t < now) {
            throw new IllegalArgumentException("time runs forward: " + t + " < " + now);
        }
        double decay = Math.exp(-process.beta() * (t - now));
        for (int j = 0; j < decayed.length; j++) {
            decayed[j] *= decay;
        }
        now = t;
    }

    /** The decayed count of type-{@code j} events at the current time. */
    public double decayed(int j) {
        return decayed[j];
    }

    /** An event of {@code type} at the current time. */
    public void add(int type) {
        decayed[type] += 1;
    }

    /** The intensity of type {@code k} at {@code now + s}, {@code s > 0}, with no event between. */
    public double intensity(int k, double s) {
        double excitation = 0;
        for (int j = 0; j < decayed.length; j++) {
            excitation += process.alpha(k, j) * decayed[j];
        }
        return process.mu(k) + process.beta() * excitation * Math.exp(-process.beta() * s);
    }

    /** The total intensity {@code Σ_k λ_k} at {@code now + s}, with no event between. */
    public double totalIntensity(double s) {
        double total = process.totalMu();
        double decay = process.beta() * Math.exp(-process.beta() * s);
        for (int j = 0; j < decayed.length; j++) {
            total += decay * columnSum(j) * decayed[j];
        }
        return total;
    }

    /** The expected number of type-{@code k} events on {@code (now, now + s]} with none between. */
    public double compensator(int k, double s) {
        double excitation = 0;
        for (int j = 0; j < decayed.length; j++) {
            excitation += process.alpha(k, j) * decayed[j];
        }
        return process.mu(k) * s + excitation * -Math.expm1(-process.beta() * s);
    }

    /** The expected number of events of any type on {@code (now, now + s]} with none between. */
    public double totalCompensator(double s) {
        double excitation = 0;
        for (int j = 0; j < decayed.length; j++) {
            excitation += columnSum(j) * decayed[j];
        }
        return process.totalMu() * s + excitation * -Math.expm1(-process.beta() * s);
    }

    private double columnSum(int j) {
        double sum = 0;
        for (int k = 0; k < decayed.length; k++) {
            sum += process.alpha(k, j);
        }
        return sum;
    }

    /** A copy that evolves on its own. */
    public HawkesState copy() {
        HawkesState c = new HawkesState(process);
        System.arraycopy(decayed, 0, c.decayed, 0, decayed.length);
        c.now = now;
        return c;
    }
}
