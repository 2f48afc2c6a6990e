package dev.streamlearn.gpu;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model and one DJL predictor: {@link #predict} runs a list of rows as one batch, one
 * forward call on one device. Rows are checked before any native call, and {@link #close()} frees
 * the model's native memory. Not thread-safe: one caller at a time (one per Flink subtask).
 *
 * <pre>{@code
 * try (BatchPredictor predictor = BatchPredictor.open(ModelSpec.of(Path.of("mlp.pt"), 8, 3))) {
 *     float[][] outputs = predictor.predict(List.of(row0, row1, row2));
 *     InferenceRuntime runtime = predictor.describe(); // engine, version, device, natives
 * }
 * }</pre>
 */
public final class BatchPredictor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchPredictor.class);

    private final ModelSpec spec;
    private final ZooModel<float[][], float[][]> model;
    private final Predictor<float[][], float[][]> predictor;
    private final InferenceRuntime runtime;
    private boolean closed;

    private BatchPredictor(
            ModelSpec spec, ZooModel<float[][], float[][]> model, InferenceRuntime runtime) {
        this.spec = spec;
        this.model = model;
        this.runtime = runtime;
        this.predictor = model.newPredictor();
    }

    /**
     * Loads the model on the device its spec prefers and checks its widths with one probe row; logs
     * one line with the device and why it was chosen.
     *
     * @throws ModelLoadException when the file is missing, the engine rejects it, or its widths are
     *     not the spec's
     * @throws IllegalStateException when the spec insists on a GPU and the engine sees none
     */
    public static BatchPredictor open(ModelSpec spec) {
        return open(spec, GpuAssignment.firstVisible());
    }

    /**
     * The same, on the GPU {@code gpu} names when the spec's preference uses a GPU (a Flink
     * TaskManager's GPU, say).
     */
    public static BatchPredictor open(ModelSpec spec, GpuAssignment gpu) {
        requireFile(spec);
        Engine engine = engine(spec);
        DeviceChoice choice = spec.device().choose(engine, gpu);
        ZooModel<float[][], float[][]> model = load(spec, choice);
        try {
            ModelShapeCheck.check(model, spec);
            InferenceRuntime runtime = runtime(spec, engine, choice);
            LOG.info(
                    "{} runs on {} with {} {}: {}",
                    spec.modelPath().getFileName(),
                    choice.device(),
                    runtime.engine(),
                    runtime.engineVersion(),
                    choice.reason());
            return new BatchPredictor(spec, model, runtime);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The model's outputs for {@code rows}, in order, computed as one batch.
     *
     * @throws IllegalArgumentException naming the first row of the wrong width or with a NaN or
     *     infinite value; nothing has run then
     */
    public float[][] predict(List<float[]> rows) {
        if (closed) {
            throw new IllegalStateException("the predictor of " + spec.modelFile() + " is closed");
        }
        float[][] batch = rows.toArray(new float[0][]);
        RowCheck.requireValid(batch, spec.inputWidth());
        if (batch.length == 0) {
            return batch;
        }
        try {
            return predictor.predict(batch);
        } catch (TranslateException e) {
            throw new IllegalStateException(
                    String.format(
                            "%s failed on a batch of %d rows. The engine said: %s",
                            spec.modelFile(), batch.length, EngineMessages.cause(e)),
                    e);
        }
    }

    /** The model's output for one row (a batch of one). */
    public float[] predictOne(float[] row) {
        return predict(Collections.singletonList(row))[0];
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The engine, device and native library this predictor got. */
    public InferenceRuntime describe() {
        return runtime;
    }

    /** Closes the predictor and the model; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            predictor.close();
        } finally {
            model.close();
        }
    }

    private static Engine engine(ModelSpec spec) {
        try {
            return Engine.getEngine(spec.engine().djlName());
        } catch (IllegalArgumentException | EngineException e) {
            throw new ModelLoadException(
                    String.format(
                            "the %s engine for %s is not available; %s. DJL said: %s",
                            spec.engine().djlName(),
                            spec.modelFile(),
                            EngineMessages.nativesFix(e),
                            EngineMessages.cause(e)),
                    e);
        }
    }

    private static InferenceRuntime runtime(ModelSpec spec, Engine engine, DeviceChoice choice) {
        return new InferenceRuntime(
                engine.getEngineName(),
                engine.getVersion(),
                Engine.getDjlVersion(),
                choice.device(),
                choice.reason(),
                NativeLibraries.loadedFrom(spec.engine().nativeLibrary()));
    }

    private static void requireFile(ModelSpec spec) {
        if (!Files.isRegularFile(spec.modelPath())) {
            throw new ModelLoadException(
                    String.format(
                            "model file %s does not exist or is not a file; give the path of %s"
                                    + " that every task manager can read",
                            spec.modelPath().toAbsolutePath(), spec.engine().fileKind()));
        }
    }

    private static ZooModel<float[][], float[][]> load(ModelSpec spec, DeviceChoice choice) {
        try {
            return spec.criteria(choice.device()).loadModel();
        } catch (ModelNotFoundException
                | MalformedModelException
                | IOException
                | EngineException e) {
            throw new ModelLoadException(
                    String.format(
                            "%s cannot load %s; check that it is %s (or set the engine with"
                                    + " ModelSpec.withEngine). The engine said: %s",
                            spec.engine().djlName(),
                            spec.modelFile(),
                            spec.engine().fileKind(),
                            EngineMessages.cause(e)),
                    e);
        }
    }
}
