package dev.streamlearn.operators.active;

import java.util.Arrays;
import java.util.Locale;

/** A choice with a short name on the command line (moa, share-ddm; cumulative, biqf; ...). */
interface CliNamed {

    /** The short name. */
    String cliName();

    /**
     * The choice among {@code values} with the short name {@code name} (any case).
     *
     * @param what what is chosen, for the error: "budget manager", "bias guard"
     * @throws IllegalArgumentException naming the known names
     */
    static <E extends CliNamed> E find(E[] values, String name, String what) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (e.cliName().equals(lower)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "unknown "
                        + what
                        + " '"
                        + name
                        + "'; choose from "
                        + Arrays.stream(values).map(CliNamed::cliName).toList());
    }
}
