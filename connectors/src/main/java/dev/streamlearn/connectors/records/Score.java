package dev.streamlearn.connectors.records;

/**
 * A model's output for one feature row: {@code
 * {"id":"r1","outputs":[0.2,0.7,0.1],"model":"mlp.onnx"}}.
 *
 * @param id the row's identifier
 * @param outputs what the model computed for the row
 * @param model the model file's name
 */
public record Score(String id, float[] outputs, String model) {}
