package dev.streamlearn.operators.streams;

import java.util.List;
import java.util.Locale;

/**
 * The DriftMoE paper's synthetic streams by name, as MOA CLI strings with a seed (the paper's
 * experimental setup): SEA and LED with three abrupt ({@code _a}, width 50) or gradual ({@code _g},
 * width 50,000) drifts over 1,000,000 instances, and RandomRBF with moderate ({@code RBF_m}) or
 * fast ({@code RBF_f}) moving centroids.
 *
 * <p>Beyond the paper's, the drift generators an active-learning evaluation needs: Agrawal ({@code
 * AGR_a}, {@code AGR_g}: functions 1, 2, 3, 4), STAGGER ({@code STAGGER_a}, {@code STAGGER_g}:
 * functions 1, 2, 3, 1) and a rotating Hyperplane ({@code HYP_m}, {@code HYP_f}: magnitude of
 * change 0.001 and 0.01, 10 attributes of which 2 drift). A name may end in a length, {@code
 * SEA_a:200k}: the three drifts are then centred at a quarter, half and three quarters of it,
 * gradual ones 5% of it wide (the paper's proportions), so that a short run still sees them.
 */
public final class NamedStreams {
    /** The names, in the paper's order. */
    public static final List<String> NAMES =
            List.of("SEA_a", "SEA_g", "LED_a", "LED_g", "RBF_m", "RBF_f");

    /** The drift generators of an active-learning evaluation, the paper's included. */
    public static final List<String> DRIFT_SUITE =
            List.of(
                    "SEA_a",
                    "SEA_g",
                    "AGR_a",
                    "AGR_g",
                    "HYP_m",
                    "HYP_f",
                    "RBF_m",
                    "RBF_f",
                    "LED_a",
                    "LED_g",
                    "STAGGER_a",
                    "STAGGER_g");

    /** The length of a named stream without one. */
    static final long DEFAULT_LENGTH = 1_000_000;

    private NamedStreams() {}

    /** True for one of {@link #DRIFT_SUITE} (any case), with or without a length. */
    public static boolean isNamed(String name) {
        String base = name.split(":", 2)[0];
        return DRIFT_SUITE.stream().anyMatch(n -> n.equalsIgnoreCase(base))
                && (!name.contains(":") || parseLength(name) > 0);
    }

    /** The length a name gives ({@code SEA_a:200k}: 200,000), or 1,000,000. */
    static long parseLength(String name) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            return DEFAULT_LENGTH;
        }
        String n = name.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        long unit = n.endsWith("k") ? 1_000 : n.endsWith("m") ? 1_000_000 : 1;
        try {
            return Long.parseLong(unit == 1 ? n : n.substring(0, n.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The MOA CLI string of a named stream with run seed {@code seed}. */
    public static String cli(String name, long seed) {
        long length = parseLength(name);
        if (length <= 0) {
            throw new IllegalArgumentException(
                    "'" + name + "': the length after ':' must be a count, e.g. SEA_a:200k");
        }
        Drifts at = new Drifts(length);
        return switch (name.split(":", 2)[0].toUpperCase(Locale.ROOT)) {
            case "SEA_A" ->
                    threeDrifts(
                            "generators.SEAGenerator -i %d -f %d",
                            seed, new int[] {1, 2, 4, 1}, at.abrupt());
            case "SEA_G" ->
                    threeDrifts(
                            "generators.SEAGenerator -i %d -f %d",
                            seed, new int[] {1, 2, 4, 1}, at.gradual());
            case "LED_A" ->
                    threeDrifts(
                            "generators.LEDGeneratorDrift -i %d -d %d",
                            seed, new int[] {1, 3, 5, 7}, at.abrupt());
            case "LED_G" ->
                    threeDrifts(
                            "generators.LEDGeneratorDrift -i %d -d %d",
                            seed, new int[] {1, 3, 5, 7}, at.gradual());
            case "AGR_A" ->
                    threeDrifts(
                            "generators.AgrawalGenerator -i %d -f %d",
                            seed, new int[] {1, 2, 3, 4}, at.abrupt());
            case "AGR_G" ->
                    threeDrifts(
                            "generators.AgrawalGenerator -i %d -f %d",
                            seed, new int[] {1, 2, 3, 4}, at.gradual());
            case "STAGGER_A" ->
                    threeDrifts(
                            "generators.STAGGERGenerator -i %d -f %d",
                            seed, new int[] {1, 2, 3, 1}, at.abrupt());
            case "STAGGER_G" ->
                    threeDrifts(
                            "generators.STAGGERGenerator -i %d -f %d",
                            seed, new int[] {1, 2, 3, 1}, at.gradual());
            case "HYP_M" -> hyperplane(seed, "0.001");
            case "HYP_F" -> hyperplane(seed, "0.01");
            case "RBF_M" -> rbf(seed, "1.0E-4");
            case "RBF_F" -> rbf(seed, "0.001");
            default ->
                    throw new IllegalArgumentException(
                            "unknown stream '" + name + "'; named streams are " + DRIFT_SUITE);
        };
    }

    /**
     * Where three drifts sit in a stream of {@code length}: the paper's centres (249,975, 499,975,
     * 749,975 abrupt, width 50; 225,000, 475,000, 725,000 gradual, width 50,000) scaled.
     */
    private record Drifts(long length) {
        Placement abrupt() {
            return new Placement(scale(new long[] {249_975, 499_975, 749_975}), 50);
        }

        Placement gradual() {
            return new Placement(
                    scale(new long[] {225_000, 475_000, 725_000}),
                    Math.max(1, 50_000 * length / DEFAULT_LENGTH));
        }

        private long[] scale(long[] centres) {
            long[] out = new long[centres.length];
            for (int i = 0; i < centres.length; i++) {
                out[i] = centres[i] * length / DEFAULT_LENGTH;
            }
            return out;
        }
    }

    private record Placement(long[] centres, long width) {}

    private static String hyperplane(long seed, String magnitude) {
        return String.format(
                "generators.HyperplaneGenerator -i %d -c 2 -a 10 -k 2 -t %s -s 10",
                seed, magnitude);
    }

    private static String rbf(long seed, String speed) {
        return String.format(
                "generators.RandomRBFGeneratorDrift -r %d -i %d -c 2 -a 10 -n 50 -k 50 -s %s",
                seed, seed, speed);
    }

    /** Concepts c0 -> c1 -> c2 -> c3, left-nested ConceptDriftStreams centred as in the paper. */
    private static String threeDrifts(String generator, long seed, int[] concepts, Placement at) {
        long[] centres = at.centres();
        long width = at.width();
        String s = "(" + String.format(generator, seed, concepts[0]) + ")";
        for (int d = 0; d < 3; d++) {
            s =
                    String.format(
                            "(ConceptDriftStream -s %s -d (%s) -w %d -p %d -r 1 -a 0.0)",
                            s, String.format(generator, seed, concepts[d + 1]), width, centres[d]);
        }
        return s.substring(1, s.length() - 1);
    }
}
