package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.bench.DriftMoeBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code streamlearn bench driftmoe}: DriftMoE against MOA's learners on one stream. */
@Command(
        name = "driftmoe",
        mixinStandardHelpOptions = true,
        defaultValueProvider = BenchDriftMoeCommand.Defaults.class,
        description = {
            "Both DriftMoE variants (the paper's configuration), the improved configuration and MOA's learners with the paper's baseline settings, prequentially on the same stream in one process: accuracy, kappa, instances/s, peak heap and the speed ratio to MoE-Data, averaged over --seeds.",
            "DriftMoE learners: driftmoe-data, driftmoe-task, driftmoe-improved (not the paper's: standardised router inputs, a weighted vote of the top experts, ADWIN drift detection that resets an expert, experts that split sooner, router mini-batches of 32, experts trained with weight 6, 32 experts of which the top 16 train), or driftmoe-data+standardise, +vote, +reset, +eager, +batch32, +weight6, +wide for some of them (e.g. driftmoe-data+vote+reset); +dropout routes with the router's dropout on.",
            "driftmoe-data-as-published runs MoE-Data as an earlier version of the reference code did, which reproduces the paper's figures: dropout-on routing, and each instance scored by its expert after that expert learned it. That score is optimistic; compare methods with driftmoe-data."
        },
        footer = {
            "",
            "Streams: SEA_a, SEA_g, LED_a, LED_g, RBF_m, RBF_f (the paper's, seeded), elec, an .arff file,",
            "or a MOA stream CLI string.",
            "",
            "Examples:",
            "  streamlearn bench driftmoe --stream SEA_g --instances 1000000 --seeds 1,2,3",
            "  streamlearn bench driftmoe --stream elec --learners driftmoe-data,driftmoe-improved,moa-arf --png elec.png",
            "  streamlearn bench driftmoe --stream elec --learners driftmoe-data,driftmoe-data+reset,driftmoe-data+vote",
            "  streamlearn bench driftmoe --stream elec --seeds 1,2,3 --learners driftmoe-data,driftmoe-data-as-published",
            "  streamlearn bench driftmoe --stream \"generators.RandomRBFGenerator\" --instances 100000"
        })
final class BenchDriftMoeCommand implements Callable<Integer> {

    /** This benchmark's stream and run length. */
    static final class Defaults extends BenchDefaults {
        Defaults() {
            super(Map.of("--stream", "SEA_g", "--instances", "1000000"));
        }
    }

    @Mixin BenchStreamMixin stream;

    @Mixin BenchSeedsMixin seeds;

    @Option(
            names = "--learners",
            defaultValue =
                    "driftmoe-data,driftmoe-task,driftmoe-improved,moa-ht,moa-arf,moa-srp,moa-levbag,moa-ozabag",
            split = ",",
            description =
                    "learners to run (default: ${DEFAULT-VALUE}); the MOA ensembles have 100 members and are slow")
    List<String> learners;

    @Mixin BenchJsonMixin json;

    @Option(
            names = "--png",
            description =
                    "also draw each learner's accuracy over a 1,000-instance window along the stream (mean over the seeds) into this PNG file")
    Path png;

    @Override
    public Integer call() throws Exception {
        var config =
                new DriftMoeBenchmark.Config(
                        stream.spec(), stream.instances, seeds.seeds, learners);
        var bench = new DriftMoeBenchmark(config, System.out);
        var results = bench.run();
        json.write(file -> DriftMoeBenchmark.writeJson(results, config, file));
        if (png != null) {
            bench.writeChart(png);
            System.out.println("wrote " + png);
        }
        return 0;
    }
}
