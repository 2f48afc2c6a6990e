package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.PrequentialJob;
import dev.streamlearn.state.savepoint.SavepointInspector;
import dev.streamlearn.state.savepoint.SavepointInspector.KeyedModel;
import dev.streamlearn.state.savepoint.SavepointInspector.OperatorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code streamlearn inspect}: what a savepoint or retained checkpoint holds. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "List the operators of a savepoint or retained checkpoint, and for each keyed-model operator its keys with model type, codec version and size. --export writes one key's model to a file that the library loads outside Flink with the model's codec (e.g. new PrequentialLearnerCodec().decode(Files.readAllBytes(file)))."
        },
        footer = {
            "",
            "Examples:",
            "  # the demo's newest savepoint or retained checkpoint (any savepoint or chk-N folder"
                    + " works too)",
            "  streamlearn inspect streamlearn-out --keys 100",
            "  streamlearn inspect streamlearn-out --export sea-1 --out sea-1.model"
        })
final class InspectCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "DIR",
            description =
                    "savepoint or checkpoint folder, or a folder with them up to three levels"
                            + " below (a job's checkpoints, several jobs', a run's --out folder):"
                            + " the newest chk-N or savepoint-* is read")
    Path dir;

    @Option(
            names = "--uid",
            description =
                    "uid of a keyed-model operator to list (default: the uids of Streamlearn's jobs found in DIR)")
    List<String> uids;

    @Option(
            names = "--keys",
            defaultValue = "20",
            description = "keys to list per operator (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--export", paramLabel = "KEY", description = "write this key's model to --out")
    String export;

    @Option(names = "--out", description = "file for --export")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (export != null && out == null) {
            throw new IllegalArgumentException("--export needs --out FILE");
        }
        SavepointInspector inspector = SavepointInspector.open(dir);
        System.out.printf("%s (checkpoint %d)%n%n", inspector.path(), inspector.checkpointId());
        List<OperatorInfo> operators = inspector.operators();
        System.out.printf(
                "%-28s %-40s %11s %14s%n", "operator uid", "name", "parallelism", "state bytes");
        for (OperatorInfo op : operators) {
            System.out.printf(
                    "%-28s %-40s %5d / %-5d %,14d%n",
                    op.uid() == null ? op.id() : op.uid(),
                    op.name() == null ? "" : op.name(),
                    op.parallelism(),
                    op.maxParallelism(),
                    op.stateBytes());
        }
        List<String> targets = new ArrayList<>();
        if (uids != null) {
            targets.addAll(uids);
        } else {
            for (OperatorInfo op : operators) {
                if (PrequentialJob.MODEL_UID.equals(op.uid())) {
                    targets.add(op.uid());
                }
            }
        }
        for (String uid : targets) {
            List<KeyedModel> models = inspector.models(uid);
            Map<String, Integer> types = new TreeMap<>();
            long total = 0;
            for (KeyedModel m : models) {
                types.merge(m.typeName() + " v" + m.codecVersion(), 1, Integer::sum);
                total += m.bytes().length;
            }
            System.out.printf(
                    "%nmodels of '%s': %,d keys, %,d bytes; types %s%n",
                    uid, models.size(), total, types);
            System.out.printf("  %-30s %-28s %7s %12s%n", "key", "type", "version", "bytes");
            models.stream()
                    .limit(keys)
                    .forEach(
                            m ->
                                    System.out.printf(
                                            "  %-30s %-28s %7d %,12d%n",
                                            m.key(),
                                            m.typeName(),
                                            m.codecVersion(),
                                            m.bytes().length));
            if (models.size() > keys) {
                System.out.printf("  ... %,d more (--keys N)%n", models.size() - keys);
            }
            if (export != null) {
                KeyedModel m =
                        models.stream()
                                .filter(k -> k.key().equals(export))
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        "no key '"
                                                                + export
                                                                + "' in operator '"
                                                                + uid
                                                                + "'"));
                Files.write(out, m.bytes());
                System.out.printf(
                        "%nwrote the '%s' model of key '%s' (%,d bytes) to %s%n",
                        m.typeName(), export, m.bytes().length, out);
            }
        }
        return 0;
    }
}
