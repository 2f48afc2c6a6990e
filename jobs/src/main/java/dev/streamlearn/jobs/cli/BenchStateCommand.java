package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.StateBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench state}: plain MOA vs naive ValueState vs the keyed-model operator. */
@Command(
        name = "state",
        mixinStandardHelpOptions = true,
        description = {
            "A per-key prequential MOA Hoeffding tree on SEA, run four ways: plain MOA without Flink (plain-moa); Flink reading and writing the model through ValueState on every record, with Flink's own serializer for the model as a first job would (Kryo; naive-value-state, the baseline of the ratios) and with the project's codec (naive-value-state-codec); and Flink with the keyed-model operator on RocksDB with checkpoints every second (keyed-model-operator). Prints records/s, peak heap and the ratios."
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn bench state",
            "  streamlearn bench state --records 200000 --keys 10 --json state.json"
        })
final class BenchStateCommand implements Callable<Integer> {
    @Option(
            names = "--records",
            defaultValue = "1000000",
            description = "records per run (default: ${DEFAULT-VALUE})")
    long records;

    @Option(
            names = "--naive-records",
            defaultValue = "200000",
            description =
                    "records of the naive run, which is about 100 times slower (default: ${DEFAULT-VALUE})")
    long naiveRecords;

    @Option(
            names = "--keys",
            defaultValue = "10,10000",
            split = ",",
            description = "key counts (default: ${DEFAULT-VALUE})")
    List<Integer> keys;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description =
                    "Flink parallelism; 1 compares one learner thread with plain MOA's one"
                            + " thread, the source having the other core (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Mixin BenchJsonMixin json;

    @Mixin BenchWorkDirMixin work;

    @Override
    public Integer call() throws Exception {
        var config =
                new StateBenchmark.Config(records, naiveRecords, keys, parallelism, work.folder());
        var results = new StateBenchmark(config, System.out).run();
        json.write(file -> StateBenchmark.writeJson(results, file));
        return 0;
    }
}
