package dev.streamlearn.operators.active;

import dev.streamlearn.operators.nn.SplitMix64;

/**
 * A strategy's own seeded generator: uniforms from {@link SplitMix64}, Gaussians by Box-Muller
 * without a cached spare, so that the whole state is one {@code long} that a checkpoint holds.
 */
final class Generator {
    private SplitMix64 random;

    Generator(long seed) {
        this.random = new SplitMix64(seed);
    }

    /** Uniform in [0, 1). */
    double uniform() {
        return random.nextDouble();
    }

    /** Standard normal. */
    double gaussian() {
        double u1 = 1.0 - random.nextDouble(); // in (0, 1]: the log is finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    long state() {
        return random.state();
    }

    void restore(long state) {
        this.random = new SplitMix64(state);
    }
}
