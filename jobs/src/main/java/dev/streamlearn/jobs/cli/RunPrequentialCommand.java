package dev.streamlearn.jobs.cli;

import dev.streamlearn.jobs.PrequentialJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamlearn run prequential}: validate, predict then learn with a classifier per stream
 * key (any MOA classifier, or DriftMoE).
 */
@Command(
        name = "prequential",
        mixinStandardHelpOptions = true,
        description = {
            "Validate instances (bad ones to the dead-letter topic), predict then learn with a classifier per stream key (a MOA classifier, or DriftMoE with --learner driftmoe-data|driftmoe-task|driftmoe-improved), write predictions and metrics exactly once.",
            "",
            "Labels come on the instances (\"y\"), or later on --labels-topic as {\"stream\":\"s1\",\"id\":\"42\",\"y\":\"UP\"}: the prediction made when instance 42 arrived is then scored and the instance learned. Labels that never find their instance go to the dead-letter topic.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  streamlearn run prequential --bootstrap-servers localhost:9092 \\",
            "      --schema elec --learner \"bayes.NaiveBayes\"",
            "  streamlearn run prequential --bootstrap-servers localhost:9092 \\",
            "      --schema \"generators.SEAGenerator\" --checkpoint-interval 2s",
            "  streamlearn run prequential --bootstrap-servers localhost:9092 \\",
            "      --schema \"generators.SEAGenerator\" --labels-topic labels"
        })
final class RunPrequentialCommand implements Callable<Integer> {

    @Mixin JobMixin job;

    @Mixin ClassificationMixin classification;

    @Option(
            names = "--learner",
            defaultValue = "trees.HoeffdingTree",
            description =
                    "a MOA classifier CLI string, or driftmoe-data, driftmoe-task (DriftMoE, the"
                            + " paper's configuration), driftmoe-improved (opt-in changes beyond"
                            + " the paper) (default: ${DEFAULT-VALUE})")
    String learner;

    @Override
    public Integer call() throws Exception {
        return run(job, classification, learner);
    }

    /** The prequential job with these options; {@code run driftmoe} runs it too. */
    static int run(JobMixin job, ClassificationMixin classification, String learner)
            throws Exception {
        // run driftmoe has always been this job under this name (its consumer group)
        String name = job.name("streamlearn-prequential");
        Topics topics = classification.topics(null);
        PrequentialJob.Options options =
                job.applyTo(
                                PrequentialJob.Options.builder(
                                        job.bootstrapServers(), classification.schemas()),
                                name)
                        .topics(topics)
                        .learner(
                                PrequentialConfig.defaults()
                                        .withLearner(learner)
                                        .withMetricsEvery(classification.metricsEvery)
                                        .withMaxPending(classification.maxPending))
                        .build();
        StreamExecutionEnvironment env = job.environment(name, "--learner", "--schema");
        PrequentialJob.wire(env, options);
        String in =
                topics.labels() == null
                        ? topics.instances()
                        : topics.instances() + " + " + topics.labels();
        return job.execute(
                env,
                name,
                String.format(
                        "%s -> %s, %s, %s",
                        in, topics.predictions(), topics.metrics(), topics.deadLetters()));
    }
}
