package dev.streamlearn.operators.tpp;

import java.util.function.DoubleUnaryOperator;

/**
 * Integrals against the survival function {@code S(s) = exp(−Λ(s))} of the next gap, above all the
 * expected time to the next event {@code E[Δt] = ∫_0^∞ S(s) ds}: the mean of the predictive
 * distribution, not a single thinning draw. Intensities that decay after an event have two time
 * scales, the kernel's and the background's, so the integral is composite Simpson on two segments:
 * {@code [0, 8·fast]} and from there to where {@code Λ} exceeds 40 (the rest is below {@code e^−40}
 * times the tail length), 128 intervals each.
 */
public final class SurvivalIntegral {
    private static final double FAR = 40;
    private static final int INTERVALS = 32;

    private SurvivalIntegral() {}

    /**
     * @param compensator {@code s -> Λ(s)}, the expected number of events on {@code (0, s]},
     *     non-decreasing, growing at least linearly
     * @param fast the short time scale: the kernel's decay time or the mean gap at the intensity
     *     right now, whichever is shorter
     * @param slow a typical gap (the background's mean gap), where the search for the far end
     *     starts
     */
    public static double expectedGap(DoubleUnaryOperator compensator, double fast, double slow) {
        return weighted(compensator, s -> 1, fast, slow);
    }

    /** {@code ∫_0^∞ w(s)·S(s) ds}, for a bounded, smooth weight {@code w}. */
    public static double weighted(
            DoubleUnaryOperator compensator, DoubleUnaryOperator weight, double fast, double slow) {
        DoubleUnaryOperator f =
                s -> weight.applyAsDouble(s) * Math.exp(-compensator.applyAsDouble(s));
        double end = farEnd(compensator, Math.max(slow, fast));
        double a = Math.min(fast, end);
        double sum = simpson(f, 0, a);
        for (; a < end; a *= 2) {
            sum += simpson(f, a, Math.min(2 * a, end));
        }
        return sum;
    }

    private static double simpson(DoubleUnaryOperator f, double a, double b) {
        double h = (b - a) / INTERVALS;
        double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < INTERVALS; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return sum * h / 3;
    }

    private static double farEnd(DoubleUnaryOperator compensator, double scale) {
        double end = Math.max(scale, 1e-9);
        while (compensator.applyAsDouble(end) < FAR) {
            end *= 2;
            if (end > 1e12) {
                throw new IllegalArgumentException(
                        "the intensity is too low for a finite expected gap");
            }
        }
        double below = end / 2;
        for (int step = 0; step < 20; step++) {
            double mid = (below + end) / 2;
            if (compensator.applyAsDouble(mid) < FAR) {
                below = mid;
            } else {
                end = mid;
            }
        }
        return end;
    }
}
