package dev.streamlearn.operators.streams;

import java.util.List;
import java.util.Locale;

/**
 * The DriftMoE paper's synthetic streams by name, as MOA CLI strings with a seed (the paper's
 * experimental setup): SEA and LED with three abrupt ({@code _a}, width 50) or gradual ({@code _g},
 * width 50,000) drifts over 1,000,000 instances, and RandomRBF with moderate ({@code RBF_m}) or
 * fast ({@code RBF_f}) moving centroids.
 */
public final class NamedStreams {
    /** The names, in the paper's order. */
    public static final List<String> NAMES =
            List.of("SEA_a", "SEA_g", "LED_a", "LED_g", "RBF_m", "RBF_f");

    private NamedStreams() {}

    /** True for one of {@link #NAMES} (any case). */
    public static boolean isNamed(String name) {
        return NAMES.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }

    /** The MOA CLI string of a named stream with run seed {@code seed}. */
    public static String cli(String name, long seed) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "SEA_A" ->
                    threeDrifts(
                            "generators.SEAGenerator -i %d -f %d",
                            seed, new int[] {1, 2, 4, 1}, true);
            case "SEA_G" ->
                    threeDrifts(
                            "generators.SEAGenerator -i %d -f %d",
                            seed, new int[] {1, 2, 4, 1}, false);
            case "LED_A" ->
                    threeDrifts(
                            "generators.LEDGeneratorDrift -i %d -d %d",
                            seed, new int[] {1, 3, 5, 7}, true);
            case "LED_G" ->
                    threeDrifts(
                            "generators.LEDGeneratorDrift -i %d -d %d",
                            seed, new int[] {1, 3, 5, 7}, false);
            case "RBF_M" -> rbf(seed, "1.0E-4");
            case "RBF_F" -> rbf(seed, "0.001");
            default ->
                    throw new IllegalArgumentException(
                            "unknown stream '" + name + "'; named streams are " + NAMES);
        };
    }

    private static String rbf(long seed, String speed) {
        return String.format(
                "generators.RandomRBFGeneratorDrift -r %d -i %d -c 2 -a 10 -n 50 -k 50 -s %s",
                seed, seed, speed);
    }

    /** Concepts c0 -> c1 -> c2 -> c3, left-nested ConceptDriftStreams centred as in the paper. */
    private static String threeDrifts(String generator, long seed, int[] concepts, boolean abrupt) {
        int[] centres =
                abrupt
                        ? new int[] {249_975, 499_975, 749_975}
                        : new int[] {225_000, 475_000, 725_000};
        int width = abrupt ? 50 : 50_000;
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
