package dev.streamlearn.jobs.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamlearn.connectors.kafka.EmbeddedKafka;
import dev.streamlearn.connectors.kafka.KafkaSources;
import dev.streamlearn.connectors.kafka.TopicReader;
import dev.streamlearn.connectors.schema.SchemaCatalog;
import dev.streamlearn.jobs.PrequentialJob;
import dev.streamlearn.jobs.Topics;
import dev.streamlearn.jobs.produce.StreamProducer;
import dev.streamlearn.operators.baseline.PrequentialConfig;
import dev.streamlearn.operators.baseline.PrequentialLearner;
import dev.streamlearn.operators.streams.LabelledStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code streamlearn bench job}: the prequential job end to end (Kafka in, RocksDB state with 1 s
 * checkpoints, exactly-once Kafka out, embedded broker) against its core alone, on the same stream
 * with one stream key, in one process: instances/s of each and the ratio.
 */
public final class JobBenchmark {

    /**
     * @param stream a named stream, {@code elec}, an .arff file or a MOA CLI string
     * @param instances instances (at most)
     * @param learner the classifier, as {@code --learner} takes it
     * @param workDir checkpoints and temporary files
     */
    public record Config(String stream, long instances, String learner, Path workDir) {}

    /**
     * @param coreInstancesPerSecond the core alone
     * @param jobInstancesPerSecond the job, by its net runtime
     * @param instances instances processed
     */
    public record Result(
            @JsonProperty("core_instances_per_s") double coreInstancesPerSecond,
            @JsonProperty("job_instances_per_s") double jobInstancesPerSecond,
            long instances) {}

    /** A line of the printed table: a run and its speed. */
    private record Line(String run, double instancesPerSecond) {}

    private final Config config;
    private final PrintStream out;

    public JobBenchmark(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public Result run() throws Exception {
        PrequentialConfig learner = PrequentialConfig.defaults().withLearner(config.learner());
        out.printf("core alone: %s on %s ...%n", config.learner(), config.stream());
        CoreRun core = runCore(learner);
        long n = core.instances();
        out.printf("  %,d instances, %,.0f instances/s%n", n, n / core.seconds());
        double jobSecs = runJob(learner, n);
        Result r = new Result(n / core.seconds(), n / jobSecs, n);
        print(r);
        return r;
    }

    /** How many instances the core alone took and in how many seconds. */
    private record CoreRun(long instances, double seconds) {}

    /** The core alone, test then train, on up to {@code config.instances()} instances. */
    private CoreRun runCore(PrequentialConfig learner) throws Exception {
        try (LabelledStream s = BenchInputs.stream(config.stream(), 1)) {
            PrequentialLearner core = PrequentialLearner.create(learner, s.schema());
            long n = 0;
            long start = System.nanoTime();
            while (s.hasNext() && n < config.instances()) {
                LabelledStream.Example e = s.next();
                core.testThenTrain(e.x(), e.y());
                n++;
            }
            return new CoreRun(n, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The same {@code n} instances through the job on an embedded broker; its net runtime in
     * seconds, once every prediction is committed exactly once.
     */
    private double runJob(PrequentialConfig learner, long n) throws Exception {
        Topics topics = new Topics("bench-in", "bench-predictions", "bench-metrics", "bench-dead");
        try (EmbeddedKafka kafka =
                EmbeddedKafka.start(
                        EmbeddedKafka.Options.defaults()
                                .withDataDir(
                                        Files.createTempDirectory("streamlearn-bench-kafka")))) {
            kafka.createTopics(1, topics.all());
            out.printf("writing %,d instances to the embedded broker ...%n", n);
            LabelledStream source = BenchInputs.stream(config.stream(), 1);
            try (StreamProducer producer =
                    new StreamProducer(kafka.bootstrapServers(), topics.instances())) {
                producer.run(
                        List.of(new StreamProducer.Feed("s1", source)),
                        n,
                        0,
                        0,
                        () -> false,
                        x -> {});
            }
            StreamExecutionEnvironment env = BenchEnvironment.create(config.workDir(), 1);
            PrequentialJob.Options options =
                    PrequentialJob.Options.builder(
                                    kafka.bootstrapServers(), SchemaCatalog.forAll(source.schema()))
                            .topics(topics)
                            .learner(learner)
                            .ids("bench-job", "bench-job")
                            .startFrom(KafkaSources.StartFrom.EARLIEST)
                            .build();
            PrequentialJob.wire(env, options, PrequentialJob.boundedSource(options));
            out.println(
                    "running the job (Kafka -> RocksDB, 1 s checkpoints -> exactly-once Kafka) ...");
            JobExecutionResult result = env.execute("bench-job");
            long committed =
                    TopicReader.readToEnd(
                                    kafka.bootstrapServers(),
                                    topics.predictions(),
                                    true,
                                    Duration.ofMinutes(2))
                            .size();
            if (committed != n) {
                throw new IllegalStateException(
                        "the job committed "
                                + committed
                                + " predictions for "
                                + n
                                + " instances; every instance must have exactly one (see the"
                                + " job's log above for a failure)");
            }
            out.printf("%,d predictions committed, each once%n", committed);
            return result.getNetRuntime() / 1000.0;
        }
    }

    private void print(Result r) {
        out.printf(
                "%n%s, %s, %,d instances, one stream key%n",
                config.stream(), config.learner(), r.instances());
        BenchTable.of("run", Line::run)
                .column("instances/s", "%,.0f", Line::instancesPerSecond)
                .column(
                        "of the core",
                        "%.0f%%",
                        l -> 100 * l.instancesPerSecond() / r.coreInstancesPerSecond())
                .print(
                        out,
                        List.of(
                                new Line("core alone", r.coreInstancesPerSecond()),
                                new Line("Flink job", r.jobInstancesPerSecond())));
    }
}
