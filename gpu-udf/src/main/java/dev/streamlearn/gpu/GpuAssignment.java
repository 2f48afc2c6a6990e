package dev.streamlearn.gpu;

import java.util.Objects;

/**
 * Which GPU a predictor takes when it runs on one, and who said so: the first GPU the engine sees,
 * or the one a Flink TaskManager assigned through its external resource framework. A {@link
 * DevicePreference} still decides whether a GPU is used at all.
 *
 * <pre>{@code
 * BatchPredictor.open(spec, GpuAssignment.of(2, "the TaskManager's external resource 'gpu'"));
 * }</pre>
 *
 * @param index the CUDA device index (0 is the first)
 * @param source who chose it, for the log line that says why a device was picked
 */
public record GpuAssignment(int index, String source) {
    private static final GpuAssignment FIRST_VISIBLE =
            new GpuAssignment(0, "the first the engine sees");

    public GpuAssignment {
        if (index < 0) {
            throw new IllegalArgumentException(
                    "a GPU index is 0 or more (a CUDA device number), got " + index);
        }
        Objects.requireNonNull(source, "source");
    }

    /** GPU 0: what a predictor takes when nobody assigned one. */
    public static GpuAssignment firstVisible() {
        return FIRST_VISIBLE;
    }

    public static GpuAssignment of(int index, String source) {
        return new GpuAssignment(index, source);
    }
}
