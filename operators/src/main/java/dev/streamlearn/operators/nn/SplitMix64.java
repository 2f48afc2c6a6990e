package dev.streamlearn.operators.nn;

/**
 * A seeded generator whose whole state is one {@code long} (Steele, Lea and Flood's SplitMix64), so
 * that a model can write its generator into a checkpoint without disturbing it: a restored model
 * draws exactly the numbers the original would have drawn.
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** The state, to be written with the model. */
    public long state() {
        return state;
    }
}
