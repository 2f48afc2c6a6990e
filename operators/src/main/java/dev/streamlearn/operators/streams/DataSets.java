package dev.streamlearn.operators.streams;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The data sets that ship with Streamlearn, by name: the files of the repository's {@code data/}
 * folder, read from the class path, so a name works from any working directory, in tests and inside
 * the jobs jar on a cluster.
 *
 * <pre>{@code
 * Streams.open("elec", null);                 // the Electricity stream
 * DataSets.named("elec").get().openReader();  // its ARFF text
 * }</pre>
 */
public enum DataSets {
    /**
     * Electricity (elecNormNew): 45,312 instances of the New South Wales electricity market, 8
     * normalised attributes, classes UP/DOWN (M. Harries, 1999; as distributed with MOA's data
     * sets).
     */
    ELEC("elec", "elecNormNew.arff");

    private static final String FOLDER = "/dev/streamlearn/data/";

    private final String shortName;
    private final String fileName;

    DataSets(String shortName, String fileName) {
        this.shortName = shortName;
        this.fileName = fileName;
    }

    /** The data set called {@code name} (any case), if Streamlearn ships one of that name. */
    public static Optional<DataSets> named(String name) {
        return Arrays.stream(values())
                .filter(d -> d.shortName.equalsIgnoreCase(name.strip()))
                .findFirst();
    }

    /** The names, for help texts and error messages. */
    public static String names() {
        return String.join(
                ", ", Arrays.stream(values()).map(d -> d.shortName).toArray(String[]::new));
    }

    /** The name on the command line ({@code elec}). */
    public String shortName() {
        return shortName;
    }

    /** The file's name in {@code data/} ({@code elecNormNew.arff}). */
    public String fileName() {
        return fileName;
    }

    /** A reader of the file's text (UTF-8); the caller closes it. */
    public BufferedReader openReader() {
        InputStream in = DataSets.class.getResourceAsStream(FOLDER + fileName);
        if (in == null) {
            throw new IllegalStateException(
                    String.format(
                            "data set '%s' (%s%s) is missing from the class path; rebuild the"
                                    + " project with 'mvn -B -ntp package -DskipTests'",
                            shortName, FOLDER.substring(1), fileName));
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
