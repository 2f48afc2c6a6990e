package dev.streamlearn.jobs;

import dev.streamlearn.connectors.json.BadRecordException;
import dev.streamlearn.connectors.json.ModelSnapshotParser;
import dev.streamlearn.connectors.json.RecordJson;
import dev.streamlearn.connectors.records.ModelSnapshot;
import dev.streamlearn.connectors.records.RawRecord;
import dev.streamlearn.operators.tpp.neural.NeuralTpp;
import dev.streamlearn.operators.tpp.neural.NeuralTppCodec;
import dev.streamlearn.operators.tpp.online.StartingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A point-process model in a file, written as one record of the model topic: the JSON line {@code
 * {"model":"tpp","version":0,...,"codec":"neural-tpp","bytes":"<base64>"}} that the job publishes
 * for each version. So the model that {@code bench tpp --export-model} writes and a version copied
 * from a running job's topic (with any Kafka client) are read the same way, by {@code run tpp
 * --initial-model}.
 *
 * <pre>{@code
 * TppModelFile.write(Path.of("tpp-model.json"), model);
 * StartingModel start = TppModelFile.read(Path.of("tpp-model.json"));
 * }</pre>
 */
public final class TppModelFile {
    private static final NeuralTppCodec CODEC = new NeuralTppCodec();

    private TppModelFile() {}

    /**
     * Writes {@code model} as version 0 (a model trained offline, before any window of the stream),
     * creating the file's folder when missing.
     */
    public static void write(Path file, NeuralTpp model) throws IOException {
        ModelSnapshot snapshot =
                new ModelSnapshot(TppJob.NAME, 0, 0, 0, CODEC.typeName(), CODEC.encode(model));
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        byte[] json = RecordJson.modelSnapshot(snapshot);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        Files.write(file, line);
    }

    /**
     * The model of a file that {@link #write} wrote, or of a record of a {@code tpp} model topic.
     *
     * @throws IllegalArgumentException when the file holds no such record, saying how to make one
     */
    public static StartingModel read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    file
                            + " is not a file; write a model with streamlearn bench tpp --export-model");
        }
        byte[] bytes = Files.readAllBytes(file);
        ModelSnapshot snapshot;
        try {
            snapshot =
                    new ModelSnapshotParser(TppJob.NAME)
                            .parse(new RawRecord(file.toString(), 0, 0, 0, bytes));
        } catch (BadRecordException e) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s is not a model record of the '%s' model topic (%s); write one with"
                                    + " streamlearn bench tpp --export-model",
                            file, TppJob.NAME, e.getMessage()),
                    e);
        }
        if (!snapshot.codec().equals(CODEC.typeName())) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s holds a '%s' model; run tpp starts from a '%s' model",
                            file, snapshot.codec(), CODEC.typeName()));
        }
        return StartingModel.of(snapshot.version(), snapshot.bytes());
    }
}
