package dev.streamlearn.state.savepoint;

import dev.streamlearn.state.codec.RawModelCodec;
import dev.streamlearn.state.codec.RawModelCodec.RawModel;
import dev.streamlearn.state.keyed.KeyedModelOperator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.api.runtime.SavepointLoader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Reads savepoints and retained checkpoints of Streamlearn jobs outside the job (State Processor
 * API): the operators with their state sizes, and for a keyed-model operator every key's model
 * type, codec version and size, and the model bytes, which load again with the model's codec.
 *
 * <pre>{@code
 * SavepointInspector inspector = SavepointInspector.open(Path.of("checkpoints/<job-id>"));
 * inspector.operators();                         // uid, name, parallelism, bytes
 * inspector.models("prequential-learner");       // key, type, codec version, bytes
 * new PrequentialLearnerCodec().decode(model.bytes());
 * }</pre>
 */
public final class SavepointInspector {

    /**
     * An operator in the snapshot.
     *
     * @param uid its uid, when the snapshot records it
     * @param name its name, when recorded
     * @param id the operator id (the hash of the uid)
     * @param parallelism parallelism when the snapshot was taken
     * @param maxParallelism its max parallelism (key groups)
     * @param stateBytes the size of its state in the snapshot
     */
    public record OperatorInfo(
            String uid,
            String name,
            String id,
            int parallelism,
            int maxParallelism,
            long stateBytes) {}

    /**
     * One key's model.
     *
     * @param key the key
     * @param typeName the model type, as its codec names it
     * @param codecVersion the codec version that wrote it
     * @param bytes the encoded model
     */
    public record KeyedModel(String key, String typeName, int codecVersion, byte[] bytes) {}

    private final Path path;
    private final CheckpointMetadata metadata;

    private SavepointInspector(Path path, CheckpointMetadata metadata) {
        this.path = path;
        this.metadata = metadata;
    }

    /**
     * Opens a savepoint or checkpoint folder (the one holding {@code _metadata}), or a folder with
     * such folders up to three levels below it (a job's checkpoint folder, the checkpoint folder of
     * several jobs, a local run's output folder with its checkpoints and savepoints), in which case
     * the newest {@code chk-N} or {@code savepoint-*} (by the time its metadata was written) is
     * used.
     */
    public static SavepointInspector open(Path dir) throws IOException {
        Path snapshot = resolve(dir);
        return new SavepointInspector(
                snapshot, SavepointLoader.loadSavepointMetadata(snapshot.toUri().toString()));
    }

    static Path resolve(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("_metadata"))) {
            return dir;
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(
                    dir
                            + " is not a folder; give a savepoint or checkpoint folder (with _metadata)");
        }
        Optional<Path> latest;
        try (Stream<Path> children = Files.walk(dir, 3)) {
            latest =
                    children.filter(SavepointInspector::isSnapshotFolder)
                            .max(
                                    Comparator.comparing(SavepointInspector::written)
                                            .thenComparingLong(
                                                    SavepointInspector::checkpointNumber));
        }
        return latest.orElseThrow(
                () ->
                        new IOException(
                                "no _metadata in "
                                        + dir
                                        + " nor in a chk-N or savepoint-* folder below it; give a"
                                        + " savepoint or a retained checkpoint"));
    }

    private static boolean isSnapshotFolder(Path p) {
        String name = p.getFileName().toString();
        return (name.startsWith("chk-") || name.startsWith("savepoint-"))
                && Files.isRegularFile(p.resolve("_metadata"));
    }

    /** When a checkpoint's metadata was written: the newest job's checkpoint wins. */
    private static FileTime written(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve("_metadata"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long checkpointNumber(Path chk) {
        try {
            return Long.parseLong(chk.getFileName().toString().substring(4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The folder actually read. */
    public Path path() {
        return path;
    }

    public long checkpointId() {
        return metadata.getCheckpointId();
    }

    /** The operators that hold state. */
    public List<OperatorInfo> operators() {
        List<OperatorInfo> out = new ArrayList<>();
        for (OperatorState op : metadata.getOperatorStates()) {
            long bytes = 0;
            for (OperatorSubtaskState s : op.getStates()) {
                bytes += s.getStateSize();
            }
            out.add(
                    new OperatorInfo(
                            op.getOperatorUid().orElse(null),
                            op.getOperatorName().orElse(null),
                            op.getOperatorID().toHexString(),
                            op.getParallelism(),
                            op.getMaxParallelism(),
                            bytes));
        }
        out.sort(Comparator.comparing(o -> String.valueOf(o.uid())));
        return out;
    }

    /** Every key's model of the keyed-model operator {@code uid} (keys of type String). */
    public List<KeyedModel> models(String uid) throws Exception {
        boolean known = operators().stream().anyMatch(o -> uid.equals(o.uid()));
        if (!known) {
            throw new IllegalArgumentException(
                    String.format(
                            "no operator with uid '%s' in %s; its operators: %s",
                            uid, path, operators().stream().map(OperatorInfo::uid).toList()));
        }
        Path tmp = Files.createTempDirectory("streamlearn-inspect");
        try {
            return readModels(uid, tmp);
        } finally {
            deleteRecursively(tmp);
        }
    }

    /**
     * Removes the reading job's temporary folder. Flink's local cluster shuts down on its own once
     * the job has ended, removing its own folders in there meanwhile, so that a file can vanish
     * under the walk ({@code NoSuchFileException}, which failed {@code inspect --export}): the walk
     * starts again, up to 10 times 100 ms apart; whatever is left then stays in the system's
     * temporary folder rather than failing the reading.
     */
    private static void deleteRecursively(Path dir) throws InterruptedException {
        for (int attempt = 0; attempt < 10 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                Thread.sleep(100);
            }
        }
    }

    // Flink's CloseableIterator.close() declares Exception, hence "try" (InterruptedException).
    @SuppressWarnings("try")
    private List<KeyedModel> readModels(String uid, Path tmp) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.TMP_DIRS, tmp.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        SavepointReader reader =
                SavepointReader.read(
                        env, path.toUri().toString(), new EmbeddedRocksDBStateBackend());
        List<KeyedModel> out = new ArrayList<>();
        try (CloseableIterator<KeyedModel> it =
                reader.readKeyedState(
                                OperatorIdentifier.forUid(uid),
                                new ModelReader(),
                                TypeInformation.of(String.class),
                                TypeInformation.of(KeyedModel.class))
                        .executeAndCollect("inspect " + uid)) {
            it.forEachRemaining(out::add);
        }
        out.sort(Comparator.comparing(KeyedModel::key));
        return out;
    }

    /** Reads each key's model envelope without knowing its codec. */
    private static final class ModelReader extends KeyedStateReaderFunction<String, KeyedModel> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<RawModel> state;

        @Override
        public void open(OpenContext openContext) {
            state =
                    getRuntimeContext()
                            .getState(
                                    KeyedModelOperator.stateDescriptor(new RawModelCodec(), null));
        }

        @Override
        public void readKey(String key, Context ctx, Collector<KeyedModel> out) throws Exception {
            RawModel m = state.value();
            if (m != null) {
                out.collect(new KeyedModel(key, m.typeName(), m.version(), m.bytes()));
            }
        }
    }
}
