package dev.streamlearn.gpu;

import ai.djl.Device;
import ai.djl.repository.zoo.Criteria;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file and the rows it maps: a TorchScript ({@code .pt}) or ONNX ({@code .onnx}) network
 * that takes {@code [batch, inputWidth]} float32 and returns {@code [batch, outputWidth]}, run by
 * the engine its extension names (or {@link #withEngine}) on the device its preference picks. The
 * widths are checked against the model when {@link BatchPredictor#open} loads it. Serializable (the
 * file as a string) so that a Flink function can carry it to the task managers.
 *
 * <pre>{@code
 * ModelSpec spec = ModelSpec.of(Path.of("mlp.onnx"), 8, 3).withDevice(DevicePreference.AUTO);
 * try (BatchPredictor predictor = BatchPredictor.open(spec)) {
 *     float[][] outputs = predictor.predict(rows); // one forward call for the whole list
 * }
 * }</pre>
 */
public record ModelSpec(
        String modelFile,
        InferenceEngine engine,
        int inputWidth,
        int outputWidth,
        DevicePreference device)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ModelSpec {
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(device, "device");
        requirePositive("inputWidth", inputWidth, "values in a row the model takes");
        requirePositive("outputWidth", outputWidth, "values the model returns per row");
    }

    /** A spec whose engine follows the file's extension, on {@link DevicePreference#AUTO}. */
    public static ModelSpec of(Path modelFile, int inputWidth, int outputWidth) {
        return new ModelSpec(
                modelFile.toString(),
                InferenceEngine.forModelFile(modelFile),
                inputWidth,
                outputWidth,
                DevicePreference.AUTO);
    }

    public Path modelPath() {
        return Path.of(modelFile);
    }

    public ModelSpec withEngine(InferenceEngine newEngine) {
        return new ModelSpec(modelFile, newEngine, inputWidth, outputWidth, device);
    }

    public ModelSpec withDevice(DevicePreference newDevice) {
        return new ModelSpec(modelFile, engine, inputWidth, outputWidth, newDevice);
    }

    /**
     * Checks one row before it joins a batch, so that a bad row fails alone: {@code inputWidth}
     * finite values.
     *
     * @param subject what the row is, for the message ("the features of record 17")
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    public void requireValidRow(String subject, float[] row) {
        RowCheck.requireValid(subject, row, inputWidth);
    }

    /** DJL criteria that load this model from its file (nothing downloaded) onto {@code target}. */
    public Criteria<float[][], float[][]> criteria(Device target) {
        Criteria.Builder<float[][], float[][]> builder =
                Criteria.builder()
                        .setTypes(float[][].class, float[][].class)
                        // the folder and the file's name: DJL warns about a bare file path
                        .optModelPath(modelPath().toAbsolutePath().getParent())
                        .optModelName(modelPath().getFileName().toString())
                        .optEngine(engine.djlName())
                        .optDevice(target)
                        .optTranslator(new FloatRowsTranslator(inputWidth, outputWidth));
        engine.loadOptions().forEach(builder::optOption);
        return builder.build();
    }

    private static void requirePositive(String name, int value, String meaning) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s is %d; it is the number of %s (at least 1)", name, value, meaning));
        }
    }
}
