package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.BenchReport;
import dev.streamlearn.jobs.bench.JobBenchmark;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench job}: the prequential job end to end against its core. */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        defaultValueProvider = BenchJobCommand.Defaults.class,
        description = {
            "The prequential job end to end (embedded Kafka in, RocksDB state with 1 s checkpoints, exactly-once Kafka out) against its core alone, on the same stream with one stream key: instances/s of each and the ratio. Checks that every instance got one committed prediction."
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn bench job --stream SEA_g --instances 200000",
            "  streamlearn bench job --stream elec --learner trees.HoeffdingTree"
        })
final class BenchJobCommand implements Callable<Integer> {

    /** This benchmark's stream and run length. */
    static final class Defaults extends BenchDefaults {
        Defaults() {
            super(Map.of("--stream", "SEA_g", "--instances", "200000"));
        }
    }

    @Mixin BenchStreamMixin stream;

    @Option(
            names = "--learner",
            defaultValue = "driftmoe-data",
            description = "classifier (default: ${DEFAULT-VALUE})")
    String learner;

    @Mixin BenchWorkDirMixin work;

    @Mixin BenchJsonMixin json;

    @Override
    public Integer call() throws Exception {
        JobBenchmark.Result result =
                new JobBenchmark(
                                new JobBenchmark.Config(
                                        stream.spec(), stream.instances, learner, work.folder()),
                                System.out)
                        .run();
        json.write(
                file ->
                        BenchReport.writeJson(
                                file,
                                BenchReport.settings("stream", stream.spec(), "learner", learner),
                                List.of(result)));
        return 0;
    }
}
