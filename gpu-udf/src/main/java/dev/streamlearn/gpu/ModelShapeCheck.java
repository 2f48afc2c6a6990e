package dev.streamlearn.gpu;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

/**
 * Checks a loaded model against its spec by running a batch of two rows of zeros: TorchScript files
 * declare no input shape, so a forward pass is the one check that works for every engine; two rows,
 * so that a model exported with a fixed batch of one fails here and not on its first real batch.
 */
final class ModelShapeCheck {
    private ModelShapeCheck() {}

    static void check(Model model, ModelSpec spec) {
        try (NDManager manager = model.getNDManager().newSubManager();
                Predictor<NDList, NDList> probe = model.newPredictor(new NoopTranslator())) {
            NDArray zeros =
                    manager.create(
                            new float[2 * spec.inputWidth()], new Shape(2, spec.inputWidth()));
            NDList outputs;
            try {
                outputs = probe.predict(new NDList(zeros));
            } catch (TranslateException e) {
                throw new ModelLoadException(
                        String.format(
                                "%s rejected a probe batch of two rows of %d values (ModelSpec"
                                        + " inputWidth); set inputWidth to the width of the"
                                        + " model's input, or export a model that takes [batch,"
                                        + " %d] float32 with a dynamic batch axis. The engine"
                                        + " said: %s",
                                spec.modelFile(),
                                spec.inputWidth(),
                                spec.inputWidth(),
                                EngineMessages.cause(e)),
                        e);
            }
            checkOutputs(outputs, spec);
        }
    }

    private static void checkOutputs(NDList outputs, ModelSpec spec) {
        if (outputs.size() != 1) {
            throw new ModelLoadException(
                    String.format(
                            "%s returns %d tensors; a BatchPredictor runs models with one output"
                                    + " of shape [batch, outputWidth]",
                            spec.modelFile(), outputs.size()));
        }
        NDArray output = outputs.get(0);
        Shape shape = output.getShape();
        if (shape.dimension() != 2 || shape.get(0) != 2) {
            throw new ModelLoadException(
                    String.format(
                            "%s returns shape %s for a batch of two rows; a BatchPredictor runs"
                                    + " models that return [batch, outputWidth] (export with a"
                                    + " dynamic batch axis)",
                            spec.modelFile(), shape));
        }
        if (shape.get(1) != spec.outputWidth()) {
            throw new ModelLoadException(
                    String.format(
                            "%s returns %d values per row but ModelSpec outputWidth is %d; set"
                                    + " outputWidth to %d",
                            spec.modelFile(), shape.get(1), spec.outputWidth(), shape.get(1)));
        }
        if (output.getDataType() != DataType.FLOAT32) {
            throw new ModelLoadException(
                    String.format(
                            "%s returns %s values; export the model with float32 outputs",
                            spec.modelFile(), output.getDataType()));
        }
    }
}
